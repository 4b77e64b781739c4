package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.queue.Changes;
import dk.godstart.hub.routes.queue.Lease;
import dk.godstart.hub.routes.queue.LeasedQueue;
import dk.godstart.hub.routes.queue.WorkState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub's subscription tables: {@code hub_subscription}, the subscriptions as matching sees them, and
 * {@code hub_subscription_event}, the events queued for them. Both are written inside the FHIR write that causes
 * them. The events are a {@link LeasedQueue} ordered by subscription, claimable while their subscription is active,
 * so a subscriber gets its events in the order they were written, also across an outage.
 */
public class SubscriptionQueue {

	private static final String COLUMNS = """
			id, subscription_id, event_number, channel_type, focus_type, focus_id, focus_version, interaction, attempts,
			created_at, give_up_at""";

	private static final LeasedQueue.Table<SubscriptionEvent> TABLE = new LeasedQueue.Table<>("hub_subscription_event",
			"subscription_id", COLUMNS, SubscriptionQueue::event, SubscriptionEvent::subscriptionId,
			WorkState.DELIVERED, WorkState.PARKED,
			"EXISTS (SELECT 1 FROM hub_subscription s WHERE s.id = e.subscription_id AND s.status = 'active')");

	private final JdbcTemplate jdbc;
	private final LeasedQueue<SubscriptionEvent> queue;

	public SubscriptionQueue(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.queue = new LeasedQueue<>(jdbc, TABLE);
	}

	/** The queue itself: claims and a subscription's next event. */
	public LeasedQueue<SubscriptionEvent> queue() {
		return queue;
	}

	/**
	 * Records a subscription's current criteria, status, end ({@code Subscription.end}) and heartbeat period (seconds),
	 * each null for none; call in the transaction that stores it.
	 */
	public void mirror(ActiveSubscription subscription, String status, Instant endsAt, Integer heartbeatSeconds) {
		jdbc.update("""
				INSERT INTO hub_subscription (id, resource_type, criteria, topic, channel_type, status, ends_at,
				       heartbeat_seconds)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET resource_type = excluded.resource_type, criteria = excluded.criteria,
				       topic = excluded.topic, channel_type = excluded.channel_type, status = excluded.status,
				       ends_at = excluded.ends_at, heartbeat_seconds = excluded.heartbeat_seconds,
				       failing_since = CASE WHEN excluded.status = 'active' THEN hub_subscription.failing_since END,
				       updated_at = now()""",
				subscription.id(), subscription.resourceType(), subscription.criteria(), subscription.topic(),
				subscription.channelType(), status, endsAt == null ? null : Timestamp.from(endsAt), heartbeatSeconds);
	}

	/**
	 * Active rest-hook subscriptions with a heartbeat period that nothing reached for that long, and nothing queued
	 * for: each is marked sent now and returned with its events so far. The marking is the claim, so of several nodes
	 * one sends each heartbeat; a heartbeat that does not get through is not retried (the next one will be due).
	 */
	public List<DueHeartbeat> claimHeartbeats() {
		return jdbc.query("""
				UPDATE hub_subscription s SET last_sent_at = now()
				WHERE s.status = 'active' AND s.channel_type = 'rest-hook' AND s.heartbeat_seconds IS NOT NULL
				  AND (s.ends_at IS NULL OR s.ends_at > now())
				  AND coalesce(s.last_sent_at, s.updated_at) + s.heartbeat_seconds * interval '1 second' <= now()
				  AND NOT EXISTS (SELECT 1 FROM hub_subscription_event e
				                  WHERE e.subscription_id = s.id AND e.state = 'pending')
				RETURNING s.id, s.events_since_start""",
				(row, n) -> new DueHeartbeat(row.getString("id"), row.getLong("events_since_start")));
	}

	/** A heartbeat to send: the subscription and how many events it has had. */
	public record DueHeartbeat(String subscriptionId, long eventsSinceStart) {}

	/**
	 * A subscription's events numbered {@code from} to {@code to} (inclusive), oldest first, at most {@code limit}:
	 * whatever their delivery state, as long as the retention sweep has not removed them.
	 */
	public List<SubscriptionEvent> events(String subscriptionId, long from, long to, int limit) {
		return jdbc.query("SELECT " + COLUMNS + """
				 FROM hub_subscription_event
				WHERE subscription_id = ? AND event_number BETWEEN ? AND ?
				ORDER BY event_number LIMIT ?""", SubscriptionQueue::event, subscriptionId, from, to, limit);
	}

	/** Subscriptions whose end has come and that are not off yet. */
	public List<String> ended() {
		return jdbc.queryForList("SELECT id FROM hub_subscription WHERE status <> 'off' AND ends_at <= now()", String.class);
	}

	/**
	 * A subscription (re)activated: its queued events are due now and get a new retry window, so a subscriber whose
	 * window closed while it was down gets everything once it asks again.
	 */
	public void resume(String subscriptionId, Instant giveUpAt) {
		jdbc.update("""
				UPDATE hub_subscription_event SET next_attempt_at = now(), give_up_at = ?
				WHERE subscription_id = ? AND state = 'pending'""", Timestamp.from(giveUpAt), subscriptionId);
	}

	/** Forgets a deleted subscription and everything still queued for it. */
	public void remove(String subscriptionId) {
		jdbc.update("DELETE FROM hub_subscription WHERE id = ?", subscriptionId);
	}

	/**
	 * The active subscriptions about {@code resourceType} that have not ended: what a write of that type must be
	 * matched against.
	 */
	public List<ActiveSubscription> activeFor(String resourceType) {
		return jdbc.query("""
				SELECT id, resource_type, criteria, topic, channel_type FROM hub_subscription
				WHERE resource_type = ? AND status = 'active' AND (ends_at IS NULL OR ends_at > now())""",
				(row, n) -> new ActiveSubscription(row.getString("id"), row.getString("resource_type"),
						row.getString("criteria"), row.getString("topic"), row.getString("channel_type")),
				resourceType);
	}

	/**
	 * Queues an event for a subscription, numbered in its sequence; call in the transaction of the write. The
	 * subscription's row stays locked until that transaction ends, so numbers follow commit order per subscription.
	 */
	public void enqueue(ActiveSubscription subscription, String focusType, String focusId, Long focusVersion,
			String interaction, Instant giveUpAt) {
		Long number = jdbc.query("""
				UPDATE hub_subscription SET events_since_start = events_since_start + 1
				WHERE id = ? AND status = 'active' RETURNING events_since_start""",
				(row, n) -> row.getLong(1), subscription.id()).stream().findFirst().orElse(null);
		if (number == null) {
			return; // switched off or deleted in the meantime
		}
		jdbc.update("""
				INSERT INTO hub_subscription_event (subscription_id, event_number, channel_type, focus_type, focus_id,
				       focus_version, interaction, give_up_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
				subscription.id(), number, subscription.channelType(), focusType, focusId, focusVersion, interaction,
				Timestamp.from(giveUpAt));
	}

	/**
	 * Takes up to {@code limit} due rest-hook events of active subscriptions, at most one per subscription, each the
	 * oldest pending one of its subscription.
	 */
	public List<SubscriptionEvent> claimRestHooks(Lease lease, int limit) {
		return queue.claim(lease, limit, "e.channel_type = 'rest-hook'");
	}

	/** As {@link #claimRestHooks}, for websocket subscriptions bound to a socket on this node. */
	public List<SubscriptionEvent> claimWebsockets(Lease lease, int limit, Collection<String> bound) {
		if (bound.isEmpty()) {
			return List.of();
		}
		return queue.claim(lease, limit, "e.channel_type = 'websocket' AND e.subscription_id = ANY (?)",
				(Object) bound.toArray(String[]::new));
	}

	/** The subscriber took the event; its subscription was reached now (heartbeats count from here). */
	public boolean markDelivered(long id, Lease lease, String subscriptionId, Integer status) {
		boolean recorded = queue.complete(id, lease, Changes.none().andTo("delivered_at", "now()")
				.andTo("delivered_by", "lease_owner").and("last_status", status));
		if (recorded) {
			jdbc.update("UPDATE hub_subscription SET last_sent_at = now() WHERE id = ?", subscriptionId);
		}
		return recorded;
	}

	public boolean scheduleRetry(long id, Lease lease, Instant next, Integer status, String error) {
		return queue.retryAt(id, lease, next, Changes.set("last_status", status).and("last_error", error));
	}

	public boolean park(long id, Lease lease, Integer status, String error) {
		return queue.park(id, lease, Changes.set("last_status", status).and("last_error", error));
	}

	/** Marks a subscription failing; true only for the call that started the failing spell (to record it once). */
	public boolean startFailing(String subscriptionId) {
		return jdbc.update("""
				UPDATE hub_subscription SET failing_since = now() WHERE id = ? AND failing_since IS NULL""",
				subscriptionId) == 1;
	}

	/** Ends a failing spell; true only for the call that ended it. */
	public boolean stopFailing(String subscriptionId) {
		return jdbc.update("""
				UPDATE hub_subscription SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL""",
				subscriptionId) == 1;
	}

	/** What a subscriber may ask about its subscription: counts, the last delivery, the last error. */
	public Optional<QueueStatus> status(String subscriptionId) {
		return jdbc.query("""
				SELECT s.status, s.events_since_start, s.failing_since,
				       (SELECT count(*) FROM hub_subscription_event e WHERE e.subscription_id = s.id AND e.state = 'pending') AS pending,
				       (SELECT count(*) FROM hub_subscription_event e WHERE e.subscription_id = s.id AND e.state = 'parked') AS parked,
				       (SELECT max(e.delivered_at) FROM hub_subscription_event e WHERE e.subscription_id = s.id) AS last_delivered,
				       (SELECT e.last_error FROM hub_subscription_event e WHERE e.subscription_id = s.id AND e.last_error IS NOT NULL
				        ORDER BY e.id DESC LIMIT 1) AS last_error
				FROM hub_subscription s WHERE s.id = ?""",
				(row, n) -> new QueueStatus(row.getString("status"), row.getLong("events_since_start"),
						instant(row, "failing_since"), row.getLong("pending"), row.getLong("parked"),
						instant(row, "last_delivered"), row.getString("last_error")),
				subscriptionId).stream().findFirst();
	}

	/** Events queued and not yet delivered, over all subscriptions (a gauge). */
	public long pending() {
		return queue.count(WorkState.PENDING);
	}

	public record QueueStatus(String status, long eventsSinceStart, Instant failingSince, long pending, long parked,
			Instant lastDelivered, String lastError) {}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp value = row.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	private static SubscriptionEvent event(ResultSet row, int n) throws SQLException {
		long version = row.getLong("focus_version");
		Long focusVersion = row.wasNull() ? null : version;
		return new SubscriptionEvent(row.getLong("id"), row.getString("subscription_id"), row.getLong("event_number"),
				row.getString("channel_type"), row.getString("focus_type"), row.getString("focus_id"),
				focusVersion, row.getString("interaction"), row.getInt("attempts"),
				row.getTimestamp("created_at").toInstant(), row.getTimestamp("give_up_at").toInstant());
	}
}
