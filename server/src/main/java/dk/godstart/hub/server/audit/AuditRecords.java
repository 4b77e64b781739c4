package dk.godstart.hub.server.audit;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.InstantType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code hub_audit_record}: the audit trail, an append-only log. Recording is one insert, so the trail costs a
 * request little and cannot be skipped by it: writes record within their own transaction, everything else in a
 * transaction of its own before its answer leaves. Each row keeps the AuditEvent and the columns it is searched by
 * (client, organisation, action, outcome, the resources and women it touched); {@link AuditEventProvider} serves them
 * as FHIR AuditEvents, shaped after IHE BALP ({@link Balp}) as they are written and again as they are read (so rows
 * written before the hub was BALP-shaped are served shaped too).
 */
public class AuditRecords {

	/** What an auditor may search by; null = any. */
	public record Query(String patient, String entity, String client, String organisation, String action,
			String outcome, String subtype, Instant from, Instant to) {}

	private static final String INSERT = """
			INSERT INTO hub_audit_record (audit_event, client, organisation, action, outcome, subtype, entities, patients)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final int EXPORT_FETCH_SIZE = 500;

	private final JdbcTemplate jdbc;
	private final TransactionTemplate separately;
	private final FhirContext fhirContext;

	public AuditRecords(JdbcTemplate jdbc, PlatformTransactionManager transactions, FhirContext fhirContext) {
		this.jdbc = jdbc;
		this.fhirContext = fhirContext;
		this.separately = new TransactionTemplate(transactions);
		this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Records within the current transaction: the record commits with it or not at all. */
	public void recordWithCurrentTransaction(AuditEvent event) {
		insert(event);
	}

	/** Records in a transaction of its own, committed when this returns. */
	public void recordNow(AuditEvent event) {
		separately.executeWithoutResult(status -> insert(event));
	}

	public List<AuditEvent> search(Query query, int offset, int count) {
		StringBuilder sql = new StringBuilder("SELECT id, recorded_at, audit_event FROM hub_audit_record WHERE true");
		List<Object> arguments = new ArrayList<>();
		condition(sql, arguments, " AND patients @> ARRAY[?]::text[]", query.patient());
		condition(sql, arguments, " AND entities @> ARRAY[?]::text[]", query.entity());
		condition(sql, arguments, " AND client = ?", query.client());
		condition(sql, arguments, " AND organisation = ?", query.organisation());
		condition(sql, arguments, " AND action = ?", query.action());
		condition(sql, arguments, " AND outcome = ?", query.outcome());
		condition(sql, arguments, " AND subtype = ?", query.subtype());
		condition(sql, arguments, " AND recorded_at >= ?", query.from() == null ? null : Timestamp.from(query.from()));
		condition(sql, arguments, " AND recorded_at <= ?", query.to() == null ? null : Timestamp.from(query.to()));
		sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
		arguments.add(count);
		arguments.add(offset);
		return jdbc.query(sql.toString(), (row, n) -> event(row.getLong(1), row.getTimestamp(2), row.getString(3)),
				arguments.toArray());
	}

	/**
	 * Streams every record from {@code from} up to {@code to} (null = no bound), optionally only those naming
	 * {@code patient}, oldest first, to {@code each}, a batch of rows at a time (a cursor, not the whole trail in memory).
	 */
	public void export(String patient, Instant from, Instant to, java.util.function.Consumer<AuditEvent> each) {
		StringBuilder sql = new StringBuilder("SELECT id, recorded_at, audit_event FROM hub_audit_record WHERE true");
		List<Object> arguments = new ArrayList<>();
		condition(sql, arguments, " AND patients @> ARRAY[?]::text[]", patient);
		condition(sql, arguments, " AND recorded_at >= ?", from == null ? null : Timestamp.from(from));
		condition(sql, arguments, " AND recorded_at <= ?", to == null ? null : Timestamp.from(to));
		sql.append(" ORDER BY id");
		TransactionTemplate reading = new TransactionTemplate(separately.getTransactionManager());
		reading.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		reading.setReadOnly(true);
		reading.executeWithoutResult(status -> jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(sql.toString());
			statement.setFetchSize(EXPORT_FETCH_SIZE);
			for (int i = 0; i < arguments.size(); i++) {
				statement.setObject(i + 1, arguments.get(i));
			}
			return statement;
		}, (org.springframework.jdbc.core.RowCallbackHandler) row ->
				each.accept(event(row.getLong(1), row.getTimestamp(2), row.getString(3)))));
	}

	public AuditEvent read(long id) {
		List<AuditEvent> found = jdbc.query("SELECT id, recorded_at, audit_event FROM hub_audit_record WHERE id = ?",
				(row, n) -> event(row.getLong(1), row.getTimestamp(2), row.getString(3)), id);
		return found.isEmpty() ? null : found.get(0);
	}

	private AuditEvent event(long id, Timestamp recorded, String json) {
		AuditEvent event = Balp.shape(fhirContext.newJsonParser().parseResource(AuditEvent.class, json));
		event.setId("AuditEvent/" + id);
		event.getMeta().setLastUpdatedElement(new InstantType(recorded));
		return event;
	}

	private static void condition(StringBuilder sql, List<Object> arguments, String clause, Object value) {
		if (value != null) {
			sql.append(clause);
			arguments.add(value);
		}
	}

	private void insert(AuditEvent event) {
		String json = fhirContext.newJsonParser().encodeResourceToString(Balp.shape(event));
		String client = null;
		String organisation = null;
		for (AuditEvent.AuditEventAgentComponent agent : event.getAgent()) {
			if (agent.getRequestor() && client == null) {
				client = agent.hasAltId() ? agent.getAltId() : agent.getWho().getDisplay();
			} else if (organisation == null && !agent.getRequestor() && !Balp.isHub(agent)) {
				organisation = agent.hasName() ? agent.getName() : agent.getWho().getReference();
			}
		}
		Set<String> entities = new LinkedHashSet<>();
		Set<String> patients = new LinkedHashSet<>();
		for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
			String what = entity.getWhat().getReference();
			if (what != null) {
				entities.add(what);
				if (what.startsWith("Patient/")) {
					patients.add(what);
				}
			}
		}
		String finalClient = client;
		String finalOrganisation = organisation;
		jdbc.update(connection -> {
			PreparedStatement statement = connection.prepareStatement(INSERT);
			Array entityArray = connection.createArrayOf("text", entities.toArray());
			Array patientArray = connection.createArrayOf("text", patients.toArray());
			statement.setString(1, json);
			statement.setString(2, finalClient);
			statement.setString(3, finalOrganisation);
			statement.setString(4, event.hasAction() ? event.getAction().toCode() : null);
			statement.setString(5, event.hasOutcome() ? event.getOutcome().toCode() : null);
			statement.setString(6, event.getSubtypeFirstRep().getCode());
			statement.setArray(7, entityArray);
			statement.setArray(8, patientArray);
			return statement;
		});
	}
}
