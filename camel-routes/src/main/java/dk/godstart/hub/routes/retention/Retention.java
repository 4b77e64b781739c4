package dk.godstart.hub.routes.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the hub's bookkeeping of work that finished longer ago than {@code godstart.retention.keep-for}: delivery
 * rows of delivered notifications (once their Communication says so), routed outbox events nothing refers to any
 * more, delivered subscription events, and the keys by which repeated inbound FHIR messages and HL7 v2 messages are
 * recognised (a sender repeating a message older than that is taken as new), and the record of refused HL7 v2
 * messages. What is pending, being retried, parked
 * or failed is never touched, nor anything clinical: the FHIR resources (the notifications themselves included) and
 * the audit trail stay. Batches of {@code batch-size} rows, each its own statement, so no sweep holds locks for long;
 * one node at a time (its route is a {@code master:} route on the hub's cluster service).
 */
public class Retention {

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	/** What is deleted, table by table, in an order that respects the foreign keys. */
	private static final Map<String, String> SWEEPS = sweeps();

	private final DataSource dataSource;
	private final RetentionProperties properties;
	private final Clock clock;
	private final MeterRegistry registry;

	public Retention(DataSource dataSource, RetentionProperties properties, Clock clock, MeterRegistry registry) {
		this.dataSource = dataSource;
		this.properties = properties;
		this.clock = clock;
		this.registry = registry;
	}

	private static Map<String, String> sweeps() {
		Map<String, String> sweeps = new LinkedHashMap<>();
		sweeps.put("hub_delivery", """
				DELETE FROM hub_delivery WHERE id IN (
				    SELECT id FROM hub_delivery
				    WHERE state = 'delivered' AND status_synced AND delivered_at < ? LIMIT ?)""");
		sweeps.put("hub_outbox_event", """
				DELETE FROM hub_outbox_event WHERE id IN (
				    SELECT e.id FROM hub_outbox_event e
				    WHERE e.state = 'routed' AND e.routed_at < ?
				      AND NOT EXISTS (SELECT 1 FROM hub_delivery d WHERE d.event_id = e.id) LIMIT ?)""");
		sweeps.put("hub_subscription_event", """
				DELETE FROM hub_subscription_event WHERE id IN (
				    SELECT id FROM hub_subscription_event WHERE state = 'delivered' AND delivered_at < ? LIMIT ?)""");
		sweeps.put("hub_inbound_message", """
				DELETE FROM hub_inbound_message WHERE message_id IN (
				    SELECT message_id FROM hub_inbound_message WHERE received_at < ? LIMIT ?)""");
		sweeps.put("hub_adt_message", """
				DELETE FROM hub_adt_message WHERE (sending_facility, control_id) IN (
				    SELECT sending_facility, control_id FROM hub_adt_message WHERE received_at < ? LIMIT ?)""");
		sweeps.put("hub_adt_refusal", """
				DELETE FROM hub_adt_refusal WHERE id IN (
				    SELECT id FROM hub_adt_refusal WHERE received_at < ? LIMIT ?)""");
		return sweeps;
	}

	/** One sweep; returns the rows deleted per table. */
	public Map<String, Long> sweep() throws SQLException {
		Timestamp cutoff = Timestamp.from(clock.instant().minus(properties.keepFor()));
		Map<String, Long> deleted = new LinkedHashMap<>();
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			for (Map.Entry<String, String> sweep : SWEEPS.entrySet()) {
				long rows = 0;
				int batch;
				do {
					try (PreparedStatement delete = connection.prepareStatement(sweep.getValue())) {
						delete.setTimestamp(1, cutoff);
						delete.setInt(2, properties.batchSize());
						batch = delete.executeUpdate();
					}
					rows += batch;
				} while (batch == properties.batchSize());
				deleted.put(sweep.getKey(), rows);
				if (rows > 0) {
					Counter.builder("godstart.retention.deleted").tag("table", sweep.getKey())
							.description("Rows of finished work deleted by the retention sweep").register(registry)
							.increment(rows);
				}
			}
		}
		if (deleted.values().stream().anyMatch(rows -> rows > 0)) {
			log.info("Retention: deleted finished work older than {}: {}", properties.keepFor(), deleted);
		}
		return deleted;
	}
}
