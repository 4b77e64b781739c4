package dk.godstart.hub.server.audit;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code hub_audit_record}: audit records waiting to become AuditEvent resources. Recording is one insert, so the
 * trail costs a request little and cannot be skipped by it: writes record within their own transaction, everything
 * else in a transaction of its own before its answer leaves.
 */
public class AuditRecords {

	public record Pending(long id, String json) {}

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
		jdbc.update("INSERT INTO hub_audit_record (audit_event) VALUES (?)", encode(event));
	}

	/** Records in a transaction of its own, committed when this returns. */
	public void recordNow(AuditEvent event) {
		String json = encode(event);
		separately.executeWithoutResult(status -> jdbc.update("INSERT INTO hub_audit_record (audit_event) VALUES (?)", json));
	}

	/** Locks up to {@code limit} records no other node holds; call inside a transaction, then {@link #remove}. */
	public List<Pending> lockOldest(int limit) {
		return jdbc.query("SELECT id, audit_event FROM hub_audit_record ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
				(row, n) -> new Pending(row.getLong(1), row.getString(2)), limit);
	}

	public void remove(List<Pending> published) {
		jdbc.batchUpdate("DELETE FROM hub_audit_record WHERE id = ?",
				published.stream().map(p -> new Object[] {p.id()}).toList());
	}

	public long waiting() {
		Long count = jdbc.queryForObject("SELECT count(*) FROM hub_audit_record", Long.class);
		return count == null ? 0 : count;
	}

	public AuditEvent decode(String json) {
		return fhirContext.newJsonParser().parseResource(AuditEvent.class, json);
	}

	private String encode(AuditEvent event) {
		return fhirContext.newJsonParser().encodeResourceToString(event);
	}
}
