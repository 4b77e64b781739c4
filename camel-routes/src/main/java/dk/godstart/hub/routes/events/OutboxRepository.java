package dk.godstart.hub.routes.events;

import dk.godstart.hub.routes.queue.Changes;
import dk.godstart.hub.routes.queue.Lease;
import dk.godstart.hub.routes.queue.LeasedQueue;
import dk.godstart.hub.routes.queue.WorkState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox, {@code hub_outbox_event}: a {@link LeasedQueue} ordered by the woman an event is about
 * ({@code subject}), so her events are routed in the order they were written, by whichever node. {@link #announce}
 * runs inside the transaction of the write it announces (the JDBC connection is the JPA transaction's), so an event
 * exists exactly when its write committed.
 */
public class OutboxRepository {

	private static final LeasedQueue.Table<HubEvent> TABLE = new LeasedQueue.Table<>("hub_outbox_event", "subject",
			"id, event_code, focus_type, focus_id, focus_version, subject, created_at, attempts",
			OutboxRepository::event, HubEvent::subject, WorkState.ROUTED, WorkState.FAILED, "");

	private final JdbcTemplate jdbc;
	private final LeasedQueue<HubEvent> queue;

	public OutboxRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.queue = new LeasedQueue<>(jdbc, TABLE);
	}

	/** {@code subject} is the woman the event is about ({@code Patient/<id>}), or null when it is about no one. */
	public void announce(MessageEvent event, IIdType focus, String subject) {
		jdbc.update("""
				INSERT INTO hub_outbox_event (event_code, focus_type, focus_id, focus_version, subject)
				VALUES (?, ?, ?, ?, ?)""",
				event.code(), focus.getResourceType(), focus.getIdPart(),
				focus.hasVersionIdPart() ? focus.getVersionIdPartAsLong() : null, subject);
	}

	/** The queue itself: claims (each woman's oldest pending event; events about no one all) and her next one. */
	public LeasedQueue<HubEvent> queue() {
		return queue;
	}

	/** Marks the event routed; call in the transaction that stored its notifications. */
	public boolean markRouted(long id, Lease lease) {
		return queue.complete(id, lease, Changes.none().andTo("routed_at", "now()"));
	}

	/** Routing failed: try again at {@code nextAttempt}, keeping the error. */
	public void retryAt(long id, Lease lease, Instant nextAttempt, String error) {
		queue.retryAt(id, lease, nextAttempt, Changes.set("last_error", error));
	}

	/** Routing gave up: the event is kept, failed, with its error, for a person. */
	public void giveUp(long id, Lease lease, String error) {
		queue.park(id, lease, Changes.set("last_error", error));
	}

	/** Events announced but not yet routed. */
	public long backlog() {
		return queue.count(WorkState.PENDING);
	}

	/** Events whose routing gave up: each needs a person. */
	public long failed() {
		return queue.count(WorkState.FAILED);
	}

	public List<HubEvent> claim(Lease lease, int limit) {
		return queue.claim(lease, limit);
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
