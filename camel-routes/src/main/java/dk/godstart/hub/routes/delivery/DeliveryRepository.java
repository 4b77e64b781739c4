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
 * of hub nodes share the work without a leader; an endpoint an operator paused is not claimed ({@link EndpointPauses}). Every change after a claim is guarded by the lease owner.
 */
public class DeliveryRepository {

	private static final String COLUMNS = """
			id, message_id, communication_id, event_code, focus, sender, recipient, destination_use, endpoint_address,
			state, park_reason, attempts, announced_at, give_up_at, acknowledgement, resends""";

	private static final LeasedQueue.Table<Delivery> TABLE = new LeasedQueue.Table<>("hub_delivery", "endpoint_address",
			COLUMNS, DeliveryRepository::delivery, Delivery::endpointAddress, WorkState.DELIVERED, WorkState.PARKED,
			EndpointPauses.NOT_PAUSED);

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
				       recipient, destination_use, endpoint_address, state, park_reason, park_explanation, give_up_at, due_at,
				       acknowledgement)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", Long.class,
				delivery.eventId(), delivery.messageId(), delivery.communicationId(),
				Timestamp.from(delivery.announcedAt()), delivery.event().code(), delivery.focus(), delivery.sender(),
				delivery.recipient(), delivery.use().code(), delivery.endpointAddress(),
				(delivery.parkReason() == null ? WorkState.PENDING : WorkState.PARKED).code(),
				delivery.parkReason() == null ? null : delivery.parkReason().code(), delivery.explanation(),
				Timestamp.from(delivery.giveUpAt()), delivery.dueAt() == null ? null : Timestamp.from(delivery.dueAt()),
				delivery.acknowledgement().code());
		return id == null ? -1 : id;
	}

	public List<Delivery> claim(Lease lease, int limit) {
		return queue.claim(lease, limit);
	}

	/** Taken by a receiver that answers HTTP only: its 2xx is the receipt. */
	public boolean markDelivered(long id, Lease lease, int status, String response) {
		return queue.complete(id, lease, delivered(status, response, false).and("ack_state", AcknowledgementRule.NOT_EXPECTED));
	}

	/** Taken, and acknowledged {@code ok} in the receiver's HTTP answer. */
	public boolean markAcknowledged(long id, Lease lease, int status, Acknowledgement acknowledgement) {
		return queue.complete(id, lease, delivered(status, null, false).andTo("acknowledged_at", "now()")
				.and("ack_state", acknowledgement.code().code()).and("ack_response", acknowledgement.json()));
	}

	/**
	 * Taken over HTTP, its acknowledgement still to come by {@code due}; the notification is not completed until it
	 * does, and the receiver's next message need not wait for it.
	 */
	public boolean markAwaitingAcknowledgement(long id, Lease lease, int status, String response, Instant due) {
		return queue.complete(id, lease, delivered(status, response, true)
				.and("ack_state", AcknowledgementRule.AWAITING).and("ack_due_at", due));
	}

	/** {@code synced}: the notification has nothing to be brought up to date with yet (its acknowledgement is to come). */
	private static Changes delivered(int status, String response, boolean synced) {
		return Changes.none().andTo("delivered_at", "now()").andTo("delivered_by", "lease_owner")
				.and("status_synced", synced).and("last_status", status).and("last_response", response)
				.and("park_reason", null).and("park_explanation", null);
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

	public boolean scheduleRetry(long id, Lease lease, Instant nextAttempt, Integer status, String error,
			Acknowledgement acknowledgement) {
		return queue.retryAt(id, lease, nextAttempt, acknowledged(Changes.set("last_status", status).and("last_error", error),
				acknowledgement));
	}

	public boolean park(long id, Lease lease, ParkReason reason, String explanation, Integer status, String response,
			Acknowledgement acknowledgement) {
		return queue.park(id, lease, acknowledged(Changes.set("park_reason", reason.code()).and("park_explanation", explanation)
				.and("last_status", status).and("last_response", response), acknowledgement));
	}

	private static Changes acknowledged(Changes changes, Acknowledgement acknowledgement) {
		return acknowledgement == null ? changes
				: changes.and("ack_state", acknowledgement.code().code()).and("ack_response", acknowledgement.json());
	}

	// ------------------------------------------------------------------ acknowledgements that come later, and none

	/** A delivery as an acknowledgement of its message concerns it, locked for the caller's transaction. */
	public record Acknowledged(long id, UUID messageId, String communicationId, String recipient, Instant announcedAt,
			AcknowledgementRule.Standing standing) {}

	private static final String ACKNOWLEDGED_COLUMNS = """
			id, message_id, communication_id, recipient, announced_at, state, ack_state, park_reason, attempts, resends,
			give_up_at""";

	/** The delivery of message {@code messageId}, locked until the caller's transaction ends (waits for others). */
	public java.util.Optional<Acknowledged> lockForAcknowledgement(UUID messageId) {
		return jdbc.query("SELECT " + ACKNOWLEDGED_COLUMNS + " FROM hub_delivery WHERE message_id = ? FOR UPDATE",
				DeliveryRepository::acknowledged, messageId).stream().findFirst();
	}

	/** The recipient the hub sent message {@code messageId} to, without locking: who may acknowledge it. */
	public java.util.Optional<String> recipientOf(UUID messageId) {
		return jdbc.queryForList("SELECT recipient FROM hub_delivery WHERE message_id = ?", String.class, messageId)
				.stream().findFirst();
	}

	/**
	 * Deliveries whose acknowledgement is overdue, locked for the caller's transaction (other nodes skip them), oldest
	 * first.
	 */
	public List<Acknowledged> lockOverdueAcknowledgements(int limit) {
		return jdbc.query("SELECT " + ACKNOWLEDGED_COLUMNS + """
				 FROM hub_delivery WHERE state = 'delivered' AND ack_state = 'awaiting' AND ack_due_at < now()
				ORDER BY ack_due_at, id LIMIT ? FOR UPDATE SKIP LOCKED""", DeliveryRepository::acknowledged, limit);
	}

	/** A later {@code ok}: the delivery is acknowledged, and its notification is completed next. */
	public boolean acknowledgedLater(long id, WorkState from, Acknowledgement acknowledgement) {
		return queue.moveUnleased(id, from, WorkState.DELIVERED, Changes.none()
				.andTo("delivered_at", "coalesce(delivered_at, now())").andTo("acknowledged_at", "now()")
				.and("status_synced", false).and("park_reason", null).and("park_explanation", null)
				.and("ack_state", acknowledgement.code().code()).and("ack_response", acknowledgement.json()));
	}

	/** A later {@code transient-error}: the message is sent again at {@code next}. */
	public boolean retryLater(long id, WorkState from, Instant next, String problem, Acknowledgement acknowledgement) {
		return queue.moveUnleased(id, from, WorkState.PENDING, Changes.set("next_attempt_at", next)
				.and("last_error", problem).and("park_reason", null).and("park_explanation", null)
				.and("ack_state", acknowledgement.code().code()).and("ack_response", acknowledgement.json()));
	}

	/** A later {@code fatal-error}, a retry window closed, or no acknowledgement after the resends: set aside. */
	public boolean parkLater(long id, WorkState from, ParkReason reason, String explanation, Acknowledgement acknowledgement) {
		Changes changes = Changes.set("park_reason", reason.code()).and("park_explanation", explanation);
		return queue.moveUnleased(id, from, WorkState.PARKED, acknowledgement == null ? changes
				: changes.and("ack_state", acknowledgement.code().code()).and("ack_response", acknowledgement.json()));
	}

	/** No acknowledgement in time: the message goes out again (a new envelope) as its receiver's next. */
	public boolean resend(long id, int resend, Instant giveUpAt) {
		return queue.moveUnleased(id, WorkState.DELIVERED, WorkState.PENDING, Changes.set("resends", resend)
				.and("ack_state", null).and("ack_due_at", null).and("give_up_at", giveUpAt));
	}

	/** Messages sent and not acknowledged yet (a gauge). */
	public long awaitingAcknowledgement() {
		Long count = jdbc.queryForObject(
				"SELECT count(*) FROM hub_delivery WHERE state = 'delivered' AND ack_state = 'awaiting'", Long.class);
		return count == null ? 0 : count;
	}

	private static Acknowledged acknowledged(ResultSet row, int rowNumber) throws SQLException {
		return new Acknowledged(row.getLong("id"), (UUID) row.getObject("message_id"), row.getString("communication_id"),
				row.getString("recipient"), row.getTimestamp("announced_at").toInstant(),
				new AcknowledgementRule.Standing(WorkState.fromCode(row.getString("state")), row.getString("ack_state"),
						row.getString("park_reason"), row.getInt("attempts"), row.getInt("resends"),
						row.getTimestamp("give_up_at").toInstant()));
	}

	public List<Delivery> forCommunication(String communicationId) {
		return jdbc.query("SELECT " + COLUMNS + " FROM hub_delivery WHERE communication_id = ? ORDER BY id",
				DeliveryRepository::delivery, communicationId);
	}

	/** Where a notification's deliveries stand, for the person who has to act on them. */
	public List<DeliveryStatus> statusOf(String communicationId) {
		return jdbc.query("""
				SELECT message_id, recipient, endpoint_address, state, park_reason, park_explanation, attempts,
				       next_attempt_at, due_at, delivered_at, delivered_by, last_status, last_error, last_response,
				       acknowledgement, ack_state, ack_due_at, resends, acknowledged_at, ack_response
				FROM hub_delivery WHERE communication_id = ? ORDER BY id""",
				(row, n) -> new DeliveryStatus(
						row.getString("message_id"), row.getString("recipient"), row.getString("endpoint_address"),
						row.getString("state"), row.getString("park_reason"), row.getString("park_explanation"),
						row.getInt("attempts"), instant(row.getTimestamp("next_attempt_at")), instant(row.getTimestamp("due_at")),
						instant(row.getTimestamp("delivered_at")), row.getString("delivered_by"),
						(Integer) row.getObject("last_status"), row.getString("last_error"), row.getString("last_response"),
						row.getString("acknowledgement"), row.getString("ack_state"), instant(row.getTimestamp("ack_due_at")),
						row.getInt("resends"), instant(row.getTimestamp("acknowledged_at")), row.getString("ack_response")),
				communicationId);
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	/** One recipient's delivery as stored: its schedule, its outcome and the receiver's last answer. */
	public record DeliveryStatus(String messageId, String recipient, String endpointAddress, String state,
			String parkReason, String parkExplanation, int attempts, Instant nextAttempt, Instant due, Instant deliveredAt,
			String deliveredBy, Integer lastHttpStatus, String lastError, String lastResponse, String acknowledgement,
			String acknowledgementState, Instant acknowledgementDue, int resends, Instant acknowledgedAt,
			String acknowledgementMessage) {}

	/**
	 * A parked delivery goes back in the queue (re-drive): fresh retry window and resends, same message id, the
	 * endpoint as it is now.
	 */
	public boolean requeue(long id, String endpointAddress, AcknowledgementMode acknowledgement, Instant giveUpAt) {
		return queue.redrive(id, Changes.set("endpoint_address", endpointAddress).and("park_reason", null)
				.and("park_explanation", null).and("give_up_at", giveUpAt).and("acknowledgement", acknowledgement.code())
				.and("resends", 0).and("ack_state", null).and("ack_due_at", null));
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
				row.getTimestamp("give_up_at").toInstant(),
				AcknowledgementMode.fromCode(row.getString("acknowledgement")),
				row.getInt("resends"));
	}
}
