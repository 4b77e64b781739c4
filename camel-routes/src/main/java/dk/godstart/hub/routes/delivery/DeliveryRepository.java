package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.queue.Changes;
import dk.godstart.hub.routes.queue.Lease;
import dk.godstart.hub.routes.queue.LeasedQueue;
import dk.godstart.hub.routes.queue.WorkState;
import dk.godstart.hub.routes.routing.DestinationUse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery table {@code hub_delivery}: one row per notification and recipient, a {@link LeasedQueue} ordered by
 * the receiver's endpoint address, so a receiver gets its messages in the order they were queued while any number
 * of hub nodes share the work without a leader. Every change after a claim is guarded by the lease owner.
 */
public class DeliveryRepository {

	private static final String COLUMNS = """
			id, message_id, communication_id, event_code, focus, sender, recipient, destination_use, endpoint_address,
			state, park_reason, attempts, announced_at, give_up_at""";

	private static final LeasedQueue.Table<Delivery> TABLE = new LeasedQueue.Table<>("hub_delivery", "endpoint_address",
			COLUMNS, DeliveryRepository::delivery, Delivery::endpointAddress, WorkState.DELIVERED, WorkState.PARKED, "");

	private final JdbcTemplate jdbc;
	private final LeasedQueue<Delivery> queue;

	public DeliveryRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.queue = new LeasedQueue<>(jdbc, TABLE);
	}

	/** The queue itself: claims (the oldest pending delivery per endpoint) and a receiver's next one. */
	public LeasedQueue<Delivery> queue() {
		return queue;
	}

	/** Queues (or, with a park reason, parks) one delivery; call in the transaction that stores its Communication. */
	public long enqueue(NewDelivery delivery) {
		Long id = jdbc.queryForObject("""
				INSERT INTO hub_delivery (event_id, message_id, communication_id, announced_at, event_code, focus, sender,
				       recipient, destination_use, endpoint_address, state, park_reason, park_explanation, give_up_at, due_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", Long.class,
				delivery.eventId(), delivery.messageId(), delivery.communicationId(),
				Timestamp.from(delivery.announcedAt()), delivery.event().code(), delivery.focus(), delivery.sender(),
				delivery.recipient(), delivery.use().code(), delivery.endpointAddress(),
				(delivery.parkReason() == null ? WorkState.PENDING : WorkState.PARKED).code(),
				delivery.parkReason() == null ? null : delivery.parkReason().code(), delivery.explanation(),
				Timestamp.from(delivery.giveUpAt()), delivery.dueAt() == null ? null : Timestamp.from(delivery.dueAt()));
		return id == null ? -1 : id;
	}

	public List<Delivery> claim(Lease lease, int limit) {
		return queue.claim(lease, limit);
	}

	public boolean markDelivered(long id, Lease lease, int status, String response) {
		return queue.complete(id, lease, Changes.none().andTo("delivered_at", "now()").andTo("delivered_by", "lease_owner")
				.and("status_synced", false).and("last_status", status).and("last_response", response)
				.and("park_reason", null).and("park_explanation", null));
	}

	/**
	 * Delivered rows whose notification does not say so yet, locked for the caller's transaction (other nodes skip
	 * them); mark them with {@link #markSynced} in the same transaction.
	 */
	public List<DeliveredNotification> lockUnsynced(int limit) {
		return jdbc.query("""
				SELECT id, communication_id, delivered_at FROM hub_delivery
				WHERE state = 'delivered' AND NOT status_synced
				ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""",
				(row, n) -> new DeliveredNotification(row.getLong("id"), row.getString("communication_id"),
						row.getTimestamp("delivered_at").toInstant()), limit);
	}

	public void markSynced(List<Long> ids) {
		jdbc.batchUpdate("UPDATE hub_delivery SET status_synced = TRUE WHERE id = ?",
				ids.stream().map(id -> new Object[] {id}).toList());
	}

	public record DeliveredNotification(long id, String communicationId, Instant deliveredAt) {}

	public boolean scheduleRetry(long id, Lease lease, Instant nextAttempt, Integer status, String error) {
		return queue.retryAt(id, lease, nextAttempt, Changes.set("last_status", status).and("last_error", error));
	}

	public boolean park(long id, Lease lease, ParkReason reason, String explanation, Integer status, String response) {
		return queue.park(id, lease, Changes.set("park_reason", reason.code()).and("park_explanation", explanation)
				.and("last_status", status).and("last_response", response));
	}

	public List<Delivery> forCommunication(String communicationId) {
		return jdbc.query("SELECT " + COLUMNS + " FROM hub_delivery WHERE communication_id = ? ORDER BY id",
				DeliveryRepository::delivery, communicationId);
	}

	/** Where a notification's deliveries stand, for the person who has to act on them. */
	public List<DeliveryStatus> statusOf(String communicationId) {
		return jdbc.query("""
				SELECT message_id, recipient, endpoint_address, state, park_reason, park_explanation, attempts,
				       next_attempt_at, due_at, delivered_at, delivered_by, last_status, last_error, last_response
				FROM hub_delivery WHERE communication_id = ? ORDER BY id""",
				(row, n) -> new DeliveryStatus(
						row.getString("message_id"), row.getString("recipient"), row.getString("endpoint_address"),
						row.getString("state"), row.getString("park_reason"), row.getString("park_explanation"),
						row.getInt("attempts"), instant(row.getTimestamp("next_attempt_at")), instant(row.getTimestamp("due_at")),
						instant(row.getTimestamp("delivered_at")), row.getString("delivered_by"),
						(Integer) row.getObject("last_status"), row.getString("last_error"), row.getString("last_response")),
				communicationId);
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	/** One recipient's delivery as stored: its schedule, its outcome and the receiver's last answer. */
	public record DeliveryStatus(String messageId, String recipient, String endpointAddress, String state,
			String parkReason, String parkExplanation, int attempts, Instant nextAttempt, Instant due, Instant deliveredAt,
			String deliveredBy, Integer lastHttpStatus, String lastError, String lastResponse) {}

	/** A parked delivery goes back in the queue (re-drive): fresh retry window, same message id. */
	public boolean requeue(long id, String endpointAddress, Instant giveUpAt) {
		return queue.redrive(id, Changes.set("endpoint_address", endpointAddress).and("park_reason", null)
				.and("park_explanation", null).and("give_up_at", giveUpAt));
	}

	/** A re-drive that still cannot send: keep it parked, with the reason as it is now. */
	public void repark(long id, ParkReason reason, String explanation) {
		jdbc.update("UPDATE hub_delivery SET park_reason = ?, park_explanation = ? WHERE id = ? AND state = 'parked'",
				reason.code(), explanation, id);
	}

	/** Notifications not delivered although the agreement's deadline for them has passed: each needs a person. */
	public long overdue() {
		Long count = jdbc.queryForObject(
				"SELECT count(*) FROM hub_delivery WHERE state <> 'delivered' AND due_at IS NOT NULL AND due_at < now()",
				Long.class);
		return count == null ? 0 : count;
	}

	/** Deliveries per state, and parked ones per reason ({@code parked:no-agreement}). */
	public Map<String, Long> counts() {
		return jdbc.query("""
				SELECT CASE WHEN state = 'parked' THEN 'parked:' || park_reason ELSE state END AS bucket, count(*) AS n
				FROM hub_delivery WHERE state <> 'delivered' GROUP BY 1""",
				(row, n) -> Map.entry(row.getString("bucket"), row.getLong("n")))
				.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private static Delivery delivery(ResultSet row, int rowNumber) throws SQLException {
		String eventCode = row.getString("event_code");
		return new Delivery(
				row.getLong("id"),
				(UUID) row.getObject("message_id"),
				row.getString("communication_id"),
				MessageEvent.fromCode(eventCode).orElseThrow(() -> new SQLException("Unknown event code " + eventCode)),
				row.getString("focus"),
				row.getString("sender"),
				row.getString("recipient"),
				DestinationUse.fromCode(row.getString("destination_use")),
				row.getString("endpoint_address"),
				WorkState.fromCode(row.getString("state")),
				row.getString("park_reason"),
				row.getInt("attempts"),
				row.getTimestamp("announced_at").toInstant(),
				row.getTimestamp("give_up_at").toInstant());
	}
}
