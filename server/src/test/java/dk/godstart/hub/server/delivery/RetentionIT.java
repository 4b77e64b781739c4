package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.routes.retention.Retention;
import dk.godstart.hub.server.support.HubIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A year of referrals leaves a year of bookkeeping behind. The retention sweep removes what finished more than
 * {@code keep-for} (90 days) ago and keeps everything an operator or a sender may still need: work that is pending,
 * parked or not yet reflected in its notification, and anything recent.
 */
class RetentionIT extends HubIntegrationTest {

	@Autowired
	Retention retention;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CamelContext camel;

	final String run = UUID.randomUUID().toString().substring(0, 8);

	@Test
	void finishedWorkOlderThanNinetyDaysIsSweptAndEverythingStillNeededStays() throws Exception {
		// held still while the rows are made and swept: the status sync would otherwise reflect the unreflected one
		camel.getRouteController().suspendRoute("notification-status");
		try {
			sweepScenario();
		} finally {
			camel.getRouteController().resumeRoute("notification-status");
		}
	}

	@Test
	void aDeliveredNotificationThatNoLongerExistsDoesNotHoldUpTheOthers() {
		// e.g. deleted by an operator after delivery: its row cannot be reflected, and must not block the rows behind it
		String gone = delivery(null, "delivered", false, "1 day");
		await("the row to be settled").atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
				"SELECT status_synced FROM hub_delivery WHERE communication_id = ?", Boolean.class, gone), synced -> synced);
	}

	@AfterEach
	void removeWhatTheScenarioMade() {
		jdbc.update("DELETE FROM hub_delivery WHERE communication_id LIKE ?", "retention-" + run + "-%");
		jdbc.update("DELETE FROM hub_outbox_event WHERE focus_id = ?", "retention-" + run);
		jdbc.update("DELETE FROM hub_subscription WHERE id = ?", "retention-" + run);
		jdbc.update("DELETE FROM hub_inbound_message WHERE message_id LIKE ?", "%-" + run);
		jdbc.update("DELETE FROM hub_adt_message WHERE sending_facility = ?", "retention-" + run);
		jdbc.update("DELETE FROM hub_adt_refusal WHERE sending_facility = ?", "retention-" + run);
	}

	private void sweepScenario() throws Exception {
		long oldRouted = outboxEvent("routed", "100 days");
		long oldRoutedStillDelivering = outboxEvent("routed", "100 days");
		long recentRouted = outboxEvent("routed", "1 day");
		long oldFailed = outboxEvent("failed", "100 days");
		String oldDelivered = delivery(null, "delivered", true, "100 days");
		String oldDeliveredNotYetReflected = delivery(null, "delivered", false, "100 days");
		String oldParked = delivery(null, "parked", true, "100 days");
		String pendingForOldEvent = delivery(oldRoutedStillDelivering, "pending", true, "100 days");
		String recentDelivered = delivery(null, "delivered", true, "1 day");
		String subscription = "retention-" + run;
		jdbc.update("INSERT INTO hub_subscription (id, resource_type, criteria, channel_type, status) "
				+ "VALUES (?, 'Communication', 'Communication?recipient=Organization/x', 'rest-hook', 'off')", subscription);
		subscriptionEvent(subscription, 1, "delivered", "100 days");
		subscriptionEvent(subscription, 2, "pending", "100 days");
		subscriptionEvent(subscription, 3, "delivered", "1 day");
		jdbc.update("INSERT INTO hub_inbound_message (message_id, received_at, status_code, response) VALUES "
				+ "(?, now() - interval '100 days', 200, '{}'), (?, now() - interval '1 day', 200, '{}')",
				"old-" + run, "recent-" + run);
		jdbc.update("INSERT INTO hub_adt_message (sending_facility, control_id, event, received_at) VALUES "
				+ "(?, 'old', 'A01', now() - interval '100 days'), (?, 'recent', 'A01', now() - interval '1 day')",
				"retention-" + run, "retention-" + run);
		jdbc.update("INSERT INTO hub_adt_refusal (sending_facility, control_id, acknowledgement, reason, received_at) VALUES "
				+ "(?, 'old', 'AR', 'unknown facility', now() - interval '100 days'), "
				+ "(?, 'recent', 'AR', 'unknown facility', now() - interval '1 day')", "retention-" + run, "retention-" + run);

		retention.sweep();

		assertThat(outboxEventsLeft(oldRouted, oldRoutedStillDelivering, recentRouted, oldFailed))
				.as("a routed event goes once nothing refers to it; failed ones stay for the operator")
				.containsExactlyInAnyOrder(oldRoutedStillDelivering, recentRouted, oldFailed);
		assertThat(deliveriesLeft(oldDelivered, oldDeliveredNotYetReflected, oldParked, pendingForOldEvent, recentDelivered))
				.containsExactlyInAnyOrder(oldDeliveredNotYetReflected, oldParked, pendingForOldEvent, recentDelivered);
		assertThat(jdbc.queryForList("SELECT event_number FROM hub_subscription_event WHERE subscription_id = ?",
				Long.class, subscription)).containsExactlyInAnyOrder(2L, 3L);
		assertThat(jdbc.queryForList("SELECT message_id FROM hub_inbound_message WHERE message_id LIKE ?", String.class,
				"%-" + run)).containsExactly("recent-" + run);
		assertThat(jdbc.queryForList("SELECT control_id FROM hub_adt_message WHERE sending_facility = ?", String.class,
				"retention-" + run)).containsExactly("recent");
		assertThat(jdbc.queryForList("SELECT control_id FROM hub_adt_refusal WHERE sending_facility = ?", String.class,
				"retention-" + run)).as("the record of refused HL7 v2 messages is kept as long").containsExactly("recent");

		// the pending delivery goes through later; its event then goes at the next sweep
		jdbc.update("UPDATE hub_delivery SET state = 'delivered', delivered_at = now() - interval '95 days' WHERE communication_id = ?",
				pendingForOldEvent);
		retention.sweep();
		assertThat(outboxEventsLeft(oldRoutedStillDelivering)).isEmpty();
	}

	private long outboxEvent(String state, String age) {
		return jdbc.queryForObject("""
				INSERT INTO hub_outbox_event (event_code, focus_type, focus_id, state, created_at, routed_at)
				VALUES ('referral-created', 'ServiceRequest', ?, ?, now() - ?::interval,
				        CASE WHEN ? = 'routed' THEN now() - ?::interval END) RETURNING id""",
				Long.class, "retention-" + run, state, age, state, age);
	}

	private String delivery(Long eventId, String state, boolean synced, String age) {
		// not due for a day: the suite's own delivery route leaves it alone
		String communication = "retention-" + run + "-" + UUID.randomUUID();
		jdbc.update("""
				INSERT INTO hub_delivery (event_id, message_id, communication_id, announced_at, event_code, focus, sender,
				       recipient, destination_use, state, status_synced, give_up_at, created_at, next_attempt_at,
				       delivered_at)
				VALUES (?, ?, ?, now() - ?::interval, 'referral-created', 'ServiceRequest/x', 'Organization/a',
				        'Organization/b', 'primary', ?, ?, now() + interval '1 day', now() - ?::interval,
				        now() + interval '1 day',
				        CASE WHEN ? = 'delivered' THEN now() - ?::interval END)""",
				eventId, UUID.randomUUID(), communication, age, state, synced, age, state, age);
		return communication;
	}

	private void subscriptionEvent(String subscription, long number, String state, String age) {
		jdbc.update("""
				INSERT INTO hub_subscription_event (subscription_id, event_number, channel_type, focus_type, focus_id,
				       interaction, state, created_at, give_up_at, delivered_at)
				VALUES (?, ?, 'rest-hook', 'Communication', 'x', 'create', ?, now() - ?::interval, now(),
				        CASE WHEN ? = 'delivered' THEN now() - ?::interval END)""",
				subscription, number, state, age, state, age);
	}

	private List<Long> outboxEventsLeft(Long... ids) {
		return jdbc.queryForList("SELECT id FROM hub_outbox_event WHERE id = ANY (?)", Long.class, (Object) ids);
	}

	private List<String> deliveriesLeft(String... communications) {
		return jdbc.queryForList("SELECT communication_id FROM hub_delivery WHERE communication_id = ANY (?)",
				String.class, (Object) communications);
	}
}
