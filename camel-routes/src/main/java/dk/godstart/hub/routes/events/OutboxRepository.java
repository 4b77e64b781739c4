package dk.godstart.hub.routes.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox table {@code hub_outbox_event}. {@link #announce} runs inside the transaction of the write it announces
 * (the JDBC connection is the JPA transaction's), so an event exists exactly when its write committed. Rows are
 * claimed by lease: a node that dies holding a lease only delays the event until the lease runs out.
 */
public class OutboxRepository {

	private final JdbcTemplate jdbc;

	public OutboxRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public void announce(MessageEvent event, IIdType focus) {
		jdbc.update(
				"INSERT INTO hub_outbox_event (event_code, focus_type, focus_id, focus_version) VALUES (?, ?, ?, ?)",
				event.code(), focus.getResourceType(), focus.getIdPart(),
				focus.hasVersionIdPart() ? focus.getVersionIdPartAsLong() : null);
	}

	/** Takes up to {@code limit} due events for {@code owner}; rows another node holds are skipped, not waited for. */
	public List<HubEvent> claim(String owner, Duration lease, int limit) {
		return jdbc.query("""
				UPDATE hub_outbox_event SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond',
				       attempts = attempts + 1
				WHERE id IN (SELECT id FROM hub_outbox_event
				             WHERE state = 'pending' AND next_attempt_at <= now()
				               AND (lease_until IS NULL OR lease_until < now())
				             ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
				RETURNING id, event_code, focus_type, focus_id, focus_version, created_at, attempts
				""", OutboxRepository::event, owner, lease.toMillis(), limit)
				.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
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
				row.getTimestamp("created_at").toInstant(),
				row.getInt("attempts"));
	}
}
