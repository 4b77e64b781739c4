package dk.godstart.hub.routes.subscriptions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub's subscription tables: {@code hub_subscription}, the subscriptions as matching sees them, and
 * {@code hub_subscription_event}, the events queued for them. Both are written inside the FHIR write that causes
 * them. Events are claimed by lease with {@code FOR UPDATE SKIP LOCKED}; only the oldest pending event of a
 * subscription can be claimed, so a subscriber gets its events in the order they were written, also across an outage.
 */
public class SubscriptionQueue {

	private static final String COLUMNS = """
			id, subscription_id, event_number, channel_type, focus_type, focus_id, focus_version, interaction, attempts,
			created_at, give_up_at""";

	private final JdbcTemplate jdbc;

	public SubscriptionQueue(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
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
	public List<SubscriptionEvent> claimRestHooks(String owner, Duration lease, int limit) {
		return claim(owner, lease, limit, "e.channel_type = 'rest-hook'", new Object[0]);
	}

	/** As {@link #claimRestHooks}, for websocket subscriptions bound to a socket on this node. */
	public List<SubscriptionEvent> claimWebsockets(String owner, Duration lease, int limit, Collection<String> bound) {
		if (bound.isEmpty()) {
			return List.of();
		}
		return claim(owner, lease, limit, "e.channel_type = 'websocket' AND e.subscription_id = ANY (?)",
				new Object[] {bound.toArray(String[]::new)});
	}

	private List<SubscriptionEvent> claim(String owner, Duration lease, int limit, String condition, Object[] extra) {
		Object[] args = new Object[3 + extra.length];
		args[0] = owner;
		args[1] = lease.toMillis();
		System.arraycopy(extra, 0, args, 2, extra.length);
		args[args.length - 1] = limit;
		return jdbc.query("""
				UPDATE hub_subscription_event SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond',
				       attempts = attempts + 1
				WHERE id IN (SELECT e.id FROM hub_subscription_event e
				             JOIN hub_subscription s ON s.id = e.subscription_id AND s.status = 'active'
				             WHERE e.state = 'pending' AND e.next_attempt_at <= now()
				               AND (e.lease_until IS NULL OR e.lease_until < now())
				               AND\s""" + condition + """

				               AND NOT EXISTS (SELECT 1 FROM hub_subscription_event earlier
				                               WHERE earlier.state = 'pending'
				                                 AND earlier.subscription_id = e.subscription_id
				                                 AND earlier.id < e.id)
				             ORDER BY e.id LIMIT ? FOR UPDATE OF e SKIP LOCKED)
				RETURNING\s""" + COLUMNS, SubscriptionQueue::event, args)
				.stream().sorted(Comparator.comparingLong(SubscriptionEvent::id)).toList();
	}

	/**
	 * After an event got through: the subscription's next pending event, if due and now its oldest, so a node keeps
	 * notifying one subscriber in order without waiting for the next poll.
	 */
	public Optional<SubscriptionEvent> claimNext(String owner, Duration lease, String subscriptionId) {
		return jdbc.query("""
				UPDATE hub_subscription_event SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond',
				       attempts = attempts + 1
				WHERE id = (SELECT e.id FROM hub_subscription_event e
				            WHERE e.state = 'pending' AND e.subscription_id = ?
				            ORDER BY e.id LIMIT 1)
				  AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
				  AND EXISTS (SELECT 1 FROM hub_subscription s WHERE s.id = subscription_id AND s.status = 'active')
				RETURNING\s""" + COLUMNS, SubscriptionQueue::event, owner, lease.toMillis(), subscriptionId)
				.stream().findFirst();
	}

	public boolean markDelivered(long id, String owner, Integer status) {
		return jdbc.update("""
				WITH delivered AS (
				    UPDATE hub_subscription_event SET state = 'delivered', delivered_at = now(), delivered_by = lease_owner,
				           last_status = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL
				    WHERE id = ? AND lease_owner = ? RETURNING subscription_id)
				UPDATE hub_subscription SET last_sent_at = now() WHERE id IN (SELECT subscription_id FROM delivered)""",
				status, id, owner) == 1;
	}

	public boolean scheduleRetry(long id, String owner, Instant next, Integer status, String error) {
		return jdbc.update("""
				UPDATE hub_subscription_event SET next_attempt_at = ?, last_status = ?, last_error = ?,
				       lease_owner = NULL, lease_until = NULL
				WHERE id = ? AND lease_owner = ?""", Timestamp.from(next), status, error, id, owner) == 1;
	}

	public boolean park(long id, String owner, Integer status, String error) {
		return jdbc.update("""
				UPDATE hub_subscription_event SET state = 'parked', last_status = ?, last_error = ?,
				       lease_owner = NULL, lease_until = NULL
				WHERE id = ? AND lease_owner = ?""", status, error, id, owner) == 1;
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
		Long count = jdbc.queryForObject("SELECT count(*) FROM hub_subscription_event WHERE state = 'pending'", Long.class);
		return count == null ? 0 : count;
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
