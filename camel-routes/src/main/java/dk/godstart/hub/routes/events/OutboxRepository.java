package dk.godstart.hub.routes.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox table {@code hub_outbox_event}. {@link #announce} runs inside the transaction of the write it announces
 * (the JDBC connection is the JPA transaction's), so an event exists exactly when its write committed. Rows are
 * claimed by lease: a node that dies holding a lease only delays the event until the lease runs out.
 */
public class OutboxRepository {

	private static final String COLUMNS = "id, event_code, focus_type, focus_id, focus_version, subject, created_at, attempts";

	private final JdbcTemplate jdbc;

	public OutboxRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** {@code subject} is the woman the event is about ({@code Patient/<id>}), or null when it is about no one. */
	public void announce(MessageEvent event, IIdType focus, String subject) {
		jdbc.update("""
				INSERT INTO hub_outbox_event (event_code, focus_type, focus_id, focus_version, subject)
				VALUES (?, ?, ?, ?, ?)""",
				event.code(), focus.getResourceType(), focus.getIdPart(),
				focus.hasVersionIdPart() ? focus.getVersionIdPartAsLong() : null, subject);
	}

	/**
	 * Takes up to {@code limit} due events, for each woman only the oldest pending one (events about no one are all
	 * eligible); rows another node holds are skipped, not waited for. The rest of a woman's events follow through
	 * {@link #claimNext}, so her events are routed in the order they were written, by whichever node.
	 */
	public List<HubEvent> claim(String owner, Duration lease, int limit) {
		return jdbc.query("""
				UPDATE hub_outbox_event SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond',
				       attempts = attempts + 1
				WHERE id IN (SELECT e.id FROM hub_outbox_event e
				             WHERE e.state = 'pending' AND e.next_attempt_at <= now()
				               AND (e.lease_until IS NULL OR e.lease_until < now())
				               AND NOT EXISTS (SELECT 1 FROM hub_outbox_event earlier
				                               WHERE earlier.state = 'pending' AND earlier.subject = e.subject
				                                 AND earlier.id < e.id)
				             ORDER BY e.id LIMIT ? FOR UPDATE SKIP LOCKED)
				RETURNING\s""" + COLUMNS, OutboxRepository::event, owner, lease.toMillis(), limit)
				.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
	}

	/**
	 * After an event about {@code subject} was routed: her next pending event, if it is due and now the oldest. No
	 * SKIP LOCKED: skipping a row another node is taking would route the event behind it first.
	 */
	public Optional<HubEvent> claimNext(String owner, Duration lease, String subject) {
		return jdbc.query("""
				UPDATE hub_outbox_event SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond',
				       attempts = attempts + 1
				WHERE id = (SELECT e.id FROM hub_outbox_event e WHERE e.state = 'pending' AND e.subject = ?
				            ORDER BY e.id LIMIT 1)
				  AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
				RETURNING\s""" + COLUMNS, OutboxRepository::event, owner, lease.toMillis(), subject)
				.stream().findFirst();
	}

	/** Marks the event routed; call in the transaction that stored its notifications. */
	public boolean markRouted(long id, String owner) {
		return jdbc.update("""
				UPDATE hub_outbox_event SET state = 'routed', routed_at = now(), lease_owner = NULL, lease_until = NULL,
				       last_error = NULL
				WHERE id = ? AND lease_owner = ?""", id, owner) == 1;
	}

	/** Routing failed: try again at {@code nextAttempt}, or give up ({@code nextAttempt} null) and keep the error. */
	public void markFailed(long id, String owner, String error, Instant nextAttempt) {
		jdbc.update("""
				UPDATE hub_outbox_event SET state = ?, next_attempt_at = COALESCE(?, next_attempt_at),
				       lease_owner = NULL, lease_until = NULL, last_error = ?
				WHERE id = ? AND lease_owner = ?""",
				nextAttempt == null ? "failed" : "pending", nextAttempt == null ? null : Timestamp.from(nextAttempt),
				error, id, owner);
	}

	/** Events announced but not yet routed. */
	public long backlog() {
		Long count = jdbc.queryForObject("SELECT count(*) FROM hub_outbox_event WHERE state = 'pending'", Long.class);
		return count == null ? 0 : count;
	}

	/** Events whose routing gave up: each needs a person. */
	public long failed() {
		Long count = jdbc.queryForObject("SELECT count(*) FROM hub_outbox_event WHERE state = 'failed'", Long.class);
		return count == null ? 0 : count;
	}

	private static HubEvent event(ResultSet row, int rowNumber) throws SQLException {
		String eventCode = row.getString("event_code");
		long version = row.getLong("focus_version");
		Long focusVersion = row.wasNull() ? null : version;
		return new HubEvent(
				row.getLong("id"),
				MessageEvent.fromCode(eventCode).orElseThrow(() -> new SQLException("Unknown event code " + eventCode)),
				row.getString("focus_type"),
				row.getString("focus_id"),
				focusVersion,
				row.getString("subject"),
				row.getTimestamp("created_at").toInstant(),
				row.getInt("attempts"));
	}
}
