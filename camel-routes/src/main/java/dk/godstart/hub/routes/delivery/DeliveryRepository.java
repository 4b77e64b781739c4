package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.DestinationUse;
import dk.godstart.hub.routes.routing.ParkReason;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery table {@code hub_delivery}: one row per notification and recipient. Rows are claimed by lease with
 * {@code FOR UPDATE SKIP LOCKED}, so any number of hub nodes share the work without a leader; only the oldest pending
 * row of each endpoint address can be claimed, so a receiver gets its messages in the order they were queued.
 * Every change after a claim is guarded by the lease owner: a node whose lease ran out cannot overwrite the outcome
 * of the node that took over.
 */
public class DeliveryRepository {

	static final String PENDING = "pending";
	static final String DELIVERED = "delivered";
	static final String PARKED = "parked";

	private static final String COLUMNS = """
			id, message_id, communication_id, event_code, focus, sender, recipient, destination_use, endpoint_address,
			state, park_reason, attempts, announced_at, give_up_at""";

	private final JdbcTemplate jdbc;

	public DeliveryRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Queues (or, with a park reason, parks) one delivery; call in the transaction that stores its Communication.
	 * {@code dueAt} is when the agreement wants it delivered, or null.
	 */
	public long enqueue(Long eventId, UUID messageId, String communicationId, Instant announcedAt, MessageEvent event,
			String focus, String sender, String recipient, DestinationUse use, String endpointAddress,
			ParkReason parkReason, String explanation, Instant giveUpAt, Instant dueAt) {
		Long id = jdbc.queryForObject("""
				INSERT INTO hub_delivery (event_id, message_id, communication_id, announced_at, event_code, focus, sender,
				       recipient, destination_use, endpoint_address, state, park_reason, park_explanation, give_up_at, due_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", Long.class,
				eventId, messageId, communicationId, Timestamp.from(announcedAt), event.code(), focus, sender, recipient,
				use.code(), endpointAddress, parkReason == null ? PENDING : PARKED,
				parkReason == null ? null : parkReason.code(), explanation, Timestamp.from(giveUpAt),
				dueAt == null ? null : Timestamp.from(dueAt));
		return id == null ? -1 : id;
	}

	/** Takes up to {@code limit} due deliveries, at most one per endpoint address, each the oldest pending for it. */
	public List<Delivery> claim(String owner, Duration lease, int limit) {
		return jdbc.query("""
				UPDATE hub_delivery SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond',
				       attempts = attempts + 1
				WHERE id IN (SELECT d.id FROM hub_delivery d
				             WHERE d.state = 'pending' AND d.next_attempt_at <= now()
				               AND (d.lease_until IS NULL OR d.lease_until < now())
				               AND NOT EXISTS (SELECT 1 FROM hub_delivery earlier
				                               WHERE earlier.state = 'pending'
				                                 AND earlier.endpoint_address = d.endpoint_address
				                                 AND earlier.id < d.id)
				             ORDER BY d.id LIMIT ? FOR UPDATE SKIP LOCKED)
				RETURNING\s""" + COLUMNS, DeliveryRepository::delivery, owner, lease.toMillis(), limit)
				.stream().sorted(Comparator.comparingLong(Delivery::id)).toList();
	}

	/**
	 * After a delivery to {@code endpointAddress} got through: the next pending one for the same address, if it is due
	 * and now the oldest, so a node can keep sending to one receiver in order without waiting for the next poll.
	 * No SKIP LOCKED here: skipping a row another node is just taking would send the one behind it first; the
	 * UPDATE instead waits for that node and then finds the row leased.
	 */
	public Optional<Delivery> claimNext(String owner, Duration lease, String endpointAddress) {
		return jdbc.query("""
				UPDATE hub_delivery SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond',
				       attempts = attempts + 1
				WHERE id = (SELECT d.id FROM hub_delivery d
				            WHERE d.state = 'pending' AND d.endpoint_address = ?
				            ORDER BY d.id LIMIT 1)
				  AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
				RETURNING\s""" + COLUMNS, DeliveryRepository::delivery, owner, lease.toMillis(), endpointAddress)
				.stream().findFirst();
	}

	public boolean markDelivered(long id, String owner, int status, String response) {
		return jdbc.update("""
				UPDATE hub_delivery SET state = 'delivered', delivered_at = now(), delivered_by = lease_owner,
				       status_synced = FALSE, last_status = ?, last_response = ?,
				       last_error = NULL, park_reason = NULL, park_explanation = NULL, lease_owner = NULL, lease_until = NULL
				WHERE id = ? AND lease_owner = ?""", status, response, id, owner) == 1;
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

	public boolean scheduleRetry(long id, String owner, Instant nextAttempt, Integer status, String error) {
		return jdbc.update("""
				UPDATE hub_delivery SET next_attempt_at = ?, last_status = ?, last_error = ?, lease_owner = NULL,
				       lease_until = NULL
				WHERE id = ? AND lease_owner = ?""", Timestamp.from(nextAttempt), status, error, id, owner) == 1;
	}

	public boolean park(long id, String owner, ParkReason reason, String explanation, Integer status, String response) {
		return jdbc.update("""
				UPDATE hub_delivery SET state = 'parked', park_reason = ?, park_explanation = ?, last_status = ?,
				       last_response = ?, lease_owner = NULL, lease_until = NULL
				WHERE id = ? AND lease_owner = ?""", reason.code(), explanation, status, response, id, owner) == 1;
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
		return jdbc.update("""
				UPDATE hub_delivery SET state = 'pending', endpoint_address = ?, park_reason = NULL, park_explanation = NULL,
				       attempts = 0, next_attempt_at = now(), give_up_at = ?, lease_owner = NULL, lease_until = NULL
				WHERE id = ? AND state = 'parked'""", endpointAddress, Timestamp.from(giveUpAt), id) == 1;
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
				row.getString("state"),
				row.getString("park_reason"),
				row.getInt("attempts"),
				row.getTimestamp("announced_at").toInstant(),
				row.getTimestamp("give_up_at").toInstant());
	}
}
