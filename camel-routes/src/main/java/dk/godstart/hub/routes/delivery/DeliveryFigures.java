package dk.godstart.hub.routes.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the deliveries add up to, as an operator watches them: per receiver's endpoint (is it receiving, since when
 * not, how much waits for it, how fast it takes what it gets) and per hour (delivered, parked, latency, backlog).
 * Read from {@code hub_delivery} as it stands, on every node alike; latency is from the write that caused a
 * notification to the receiver's 2xx.
 */
public class DeliveryFigures {

	private final JdbcTemplate jdbc;

	public DeliveryFigures(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One endpoint address as its deliveries show it (the recipients it took deliveries for, most often one). {@code failingSince}: when the oldest delivery still waiting
	 * after a failed try was queued (null while nothing fails); {@code lastError}/{@code lastStatus}: the answer to the
	 * try of the delivery at the head of its queue; latencies over the deliveries since the figures' start.
	 */
	public record Receiver(List<String> recipients, String address, boolean paused, long queued, long retrying, long parked,
			Instant lastDelivered, Instant failingSince, Integer lastStatus, String lastError, long deliveredRecently,
			Double latencyP50Millis, Double latencyP95Millis) {}

	/** One hour: delivered in it, queued in it and parked now, the latency p95 of those delivered, and the backlog at its end. */
	public record Hour(Instant hour, long delivered, long parked, Double latencyP95Millis, long backlogAtEnd) {}

	/**
	 * A delivery not made although its agreement's deadline has passed: the notification, for whom, where to, how it
	 * stands ({@code pending} and retrying, or {@code parked} and why), when it was due, the tries and the last error.
	 */
	public record Overdue(String notification, String recipient, String address, String state, String parkReason,
			Instant dueAt, int attempts, String lastError) {}

	/**
	 * The overdue deliveries (to {@code recipient}, {@code Organization/<id>}, when not null), longest overdue first: a
	 * page of {@code count} after {@code offset}.
	 */
	public List<Overdue> overdue(String recipient, int count, int offset) {
		return jdbc.query("""
				SELECT communication_id, recipient, endpoint_address, state, park_reason, due_at, attempts, last_error
				FROM hub_delivery WHERE state <> 'delivered' AND due_at IS NOT NULL AND due_at < now()
				  AND (CAST(? AS VARCHAR) IS NULL OR recipient = ?)
				ORDER BY due_at, id LIMIT ? OFFSET ?""",
				(row, n) -> new Overdue(row.getString("communication_id"), row.getString("recipient"),
						row.getString("endpoint_address"), row.getString("state"), row.getString("park_reason"),
						row.getTimestamp("due_at").toInstant(), row.getInt("attempts"), row.getString("last_error")),
				recipient, recipient, count, offset);
	}

	/** Every endpoint address that has had deliveries, with latencies over those delivered since {@code since}. */
	public List<Receiver> receivers(Instant since) {
		Map<String, Object[]> heads = new LinkedHashMap<>();
		jdbc.query("""
				SELECT DISTINCT ON (endpoint_address) endpoint_address, last_status, last_error FROM hub_delivery
				WHERE state = 'pending' AND endpoint_address IS NOT NULL AND last_error IS NOT NULL
				ORDER BY endpoint_address, id""", (ResultSet row) -> {
			heads.put(row.getString("endpoint_address"), new Object[] {row.getObject("last_status"), row.getString("last_error")});
		});
		Timestamp from = Timestamp.from(since);
		return jdbc.query("""
				SELECT string_agg(DISTINCT d.recipient, ' ') AS recipients, d.endpoint_address,
				       EXISTS (SELECT 1 FROM hub_endpoint_pause p WHERE p.endpoint_address = d.endpoint_address) AS paused,
				       count(*) FILTER (WHERE d.state = 'pending') AS queued,
				       count(*) FILTER (WHERE d.state = 'pending' AND d.last_error IS NOT NULL) AS retrying,
				       count(*) FILTER (WHERE d.state = 'parked') AS parked,
				       max(d.delivered_at) AS last_delivered,
				       min(d.created_at) FILTER (WHERE d.state = 'pending' AND d.last_error IS NOT NULL) AS failing_since,
				       count(*) FILTER (WHERE d.delivered_at >= ?) AS delivered_recently,
				       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - d.announced_at) * 1000)
				           FILTER (WHERE d.delivered_at >= ?) AS p50,
				       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - d.announced_at) * 1000)
				           FILTER (WHERE d.delivered_at >= ?) AS p95
				FROM hub_delivery d WHERE d.endpoint_address IS NOT NULL
				GROUP BY d.endpoint_address ORDER BY d.endpoint_address""",
				(row, n) -> {
					Object[] head = heads.getOrDefault(row.getString("endpoint_address"), new Object[2]);
					return new Receiver(List.of(row.getString("recipients").split(" ")), row.getString("endpoint_address"), row.getBoolean("paused"),
							row.getLong("queued"), row.getLong("retrying"), row.getLong("parked"),
							instant(row.getTimestamp("last_delivered")), instant(row.getTimestamp("failing_since")),
							head[0] == null ? null : ((Number) head[0]).intValue(), (String) head[1],
							row.getLong("delivered_recently"), number(row, "p50"), number(row, "p95"));
				}, from, from, from);
	}

	/** The hours from {@code since} (rounded down to the hour) to now, oldest first, hours without any work included. */
	public List<Hour> perHour(Instant since) {
		// the backlog at an hour's end: what was open when the hours began, plus what came, less what went, hour by hour
		return jdbc.query("""
				WITH hours AS (
				    SELECT generate_series(date_trunc('hour', ?::timestamptz), date_trunc('hour', now()), interval '1 hour') AS hour),
				first AS (SELECT min(hour) AS hour FROM hours),
				open AS (
				    SELECT created_at, delivered_at FROM hub_delivery
				    WHERE state = 'pending' OR (state = 'delivered' AND delivered_at >= (SELECT hour FROM first))),
				base AS (SELECT count(*) AS n FROM open WHERE created_at < (SELECT hour FROM first)),
				came AS (
				    SELECT date_trunc('hour', created_at) AS hour, count(*) AS n FROM open
				    WHERE created_at >= (SELECT hour FROM first) GROUP BY 1),
				went AS (
				    SELECT date_trunc('hour', delivered_at) AS hour, count(*) AS n,
				           percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - announced_at) * 1000) AS p95
				    FROM hub_delivery WHERE state = 'delivered' AND delivered_at >= (SELECT hour FROM first) GROUP BY 1),
				parked AS (
				    SELECT date_trunc('hour', created_at) AS hour, count(*) AS n FROM hub_delivery
				    WHERE state = 'parked' AND created_at >= (SELECT hour FROM first) GROUP BY 1)
				SELECT h.hour, coalesce(w.n, 0) AS delivered, coalesce(p.n, 0) AS parked, w.p95,
				       (SELECT n FROM base) + sum(coalesce(c.n, 0)) OVER (ORDER BY h.hour)
				           - sum(coalesce(w.n, 0)) OVER (ORDER BY h.hour) AS backlog
				FROM hours h LEFT JOIN came c ON c.hour = h.hour LEFT JOIN went w ON w.hour = h.hour
				     LEFT JOIN parked p ON p.hour = h.hour
				ORDER BY h.hour""",
				(row, n) -> new Hour(row.getTimestamp("hour").toInstant(), row.getLong("delivered"), row.getLong("parked"),
						number(row, "p95"), row.getLong("backlog")),
				Timestamp.from(since));
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private static Double number(ResultSet row, String column) throws SQLException {
		Object value = row.getObject(column);
		return value == null ? null : ((Number) value).doubleValue();
	}
}
