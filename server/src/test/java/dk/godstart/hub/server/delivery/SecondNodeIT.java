package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.routes.queue.HubNode;
import dk.godstart.hub.server.GodStartHubApplication;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import dk.godstart.hub.server.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A second hub node on the same PostgreSQL, a whole application of its own. First it stands in for the hub coming
 * back after a crash: the first node stored Ditte's referral and then did nothing more (its routes are stopped), and
 * the other node, which knows only what is in the database, routes and delivers it. Then both nodes run side by side
 * and share a stream of referrals: each is delivered once, from the hub's side, whichever node took it.
 */
class SecondNodeIT extends NorthJutlandScenario {

	static ConfigurableApplicationContext secondNode;

	@Autowired
	CamelContext camel;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeAll
	static void startSecondNode() {
		TestDatabase database = TestDatabase.get();
		// Command-line arguments outrank the environment; the second node gets the suite's delivery timings.
		secondNode = new SpringApplicationBuilder(GodStartHubApplication.class).run(
				"--server.port=0",
				"--spring.datasource.url=" + database.jdbcUrl,
				"--spring.datasource.username=" + database.username,
				"--spring.datasource.password=" + database.password,
				"--godstart.delivery.poll-interval=100ms",
				"--godstart.delivery.retry.initial-interval=300ms",
				"--godstart.delivery.retry.max-interval=1s",
				"--godstart.delivery.retry.give-up-after=10m",
				"--godstart.subscriptions.allow-loopback-http=true",
				"--godstart.mllp.enabled=false");
	}

	@AfterAll
	static void stopSecondNode() {
		if (secondNode != null) {
			secondNode.close();
		}
	}

	@BeforeEach
	void agreement() {
		network.signAgreement();
	}

	@Test
	void aTokenIssuedByOneNodeIsAcceptedByTheOther() throws Exception {
		java.net.http.HttpResponse<String> issued = send(anonymousRequest("/oauth2/token")
				.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
						"demo-admin:demo-admin-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
		String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(issued.body()).get("access_token").asText();
		String secondPort = secondNode.getEnvironment().getProperty("local.server.port");
		java.net.http.HttpResponse<String> atTheOtherNode = http.send(java.net.http.HttpRequest.newBuilder(
						java.net.URI.create("http://localhost:" + secondPort + "/fhir/Organization?_count=1"))
				.header("Authorization", bearer(token)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(atTheOtherNode.statusCode()).as("one signing key, kept in the shared database").isEqualTo(200);
	}

	@Test
	void aSubscriptionMadeAtOneNodeIsServedByTheOther() throws Exception {
		try (dk.godstart.hub.server.support.RestHookSubscriber caseSystem = new dk.godstart.hub.server.support.RestHookSubscriber()) {
			org.hl7.fhir.r4.model.Subscription subscription = new org.hl7.fhir.r4.model.Subscription();
			subscription.setStatus(org.hl7.fhir.r4.model.Subscription.SubscriptionStatus.REQUESTED);
			subscription.setReason("Aalborg's case system");
			subscription.setCriteria("Communication?recipient=Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart());
			subscription.getChannel().setType(org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType.RESTHOOK)
					.setEndpoint(caseSystem.address());
			String id = subscribe(network.asAalborg, subscription).getIdElement().getIdPart();
			// this node stops routing and delivering: the notification is written, matched and sent by the other node
			camel.getRouteController().suspendRoute("outbox-events");
			camel.getRouteController().suspendRoute("subscription-delivery");
			try {
				network.create(network.referral(network.ditte(), true));
				await("the case system to be told by the other node").atMost(Duration.ofSeconds(30))
						.until(caseSystem::notifications, list -> !list.isEmpty());
				assertThat(await("the delivery to be recorded").atMost(Duration.ofSeconds(10))
						.until(() -> jdbc.queryForList("SELECT DISTINCT delivered_by FROM hub_subscription_event"
								+ " WHERE subscription_id = ? AND state = 'delivered'", String.class, id), list -> !list.isEmpty()))
						.containsExactly(secondNode.getBean(HubNode.class).name());
			} finally {
				camel.getRouteController().resumeRoute("outbox-events");
				camel.getRouteController().resumeRoute("subscription-delivery");
			}
		}
	}

	@Test
	void whatTheFirstNodeCommittedBeforeItWentDownIsDeliveredByTheOtherNode() throws Exception {
		CamelContext secondCamel = secondNode.getBean(CamelContext.class);
		secondCamel.getRouteController().suspendRoute("outbox-events");
		secondCamel.getRouteController().suspendRoute("notification-delivery");
		ServiceRequest referral;
		Patient ditte;
		try {
			camel.getRouteController().suspendRoute("outbox-events");
			camel.getRouteController().suspendRoute("notification-delivery");
			ditte = network.ditte();
			referral = network.create(network.referral(ditte, true));
			String about = "ServiceRequest/" + referral.getIdElement().getIdPart();
			await("the referral to be stored and announced, nothing more").during(Duration.ofMillis(500))
					.atMost(Duration.ofSeconds(2)).until(() -> notificationsAbout(ditte, about), List::isEmpty);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_outbox_event WHERE focus_id = ? AND state = 'pending'",
					Integer.class, referral.getIdElement().getIdPart())).isEqualTo(1);
		} finally {
			// The second node comes up; the first stays down for the rest of this scenario.
			secondCamel.getRouteController().resumeRoute("outbox-events");
			secondCamel.getRouteController().resumeRoute("notification-delivery");
		}
		try {
			List<FhirReceiver.Received> received = await("both recipients to get the referral")
					.atMost(Duration.ofSeconds(30)).until(() -> receiver.received(), list -> list.size() == 2);
			await("the notifications to be completed").atMost(Duration.ofSeconds(20))
					.until(() -> notificationsAbout(ditte, "ServiceRequest/" + referral.getIdElement().getIdPart()),
					list -> list.size() == 2 && list.stream().allMatch(c -> c.getStatus() == Communication.CommunicationStatus.COMPLETED));
			await("no copy to come after the two").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
					.until(() -> receiver.received().size(), sent -> sent == 2);
			assertThat(received).extracting(r -> r.header().getIdElement().getIdPart()).doesNotHaveDuplicates();
			assertThat(jdbc.queryForList("""
					SELECT DISTINCT delivered_by FROM hub_delivery d JOIN hub_outbox_event e ON e.id = d.event_id
					WHERE e.focus_id = ?""", String.class, referral.getIdElement().getIdPart()))
					.containsExactly(secondNode.getBean(HubNode.class).name());
		} finally {
			camel.getRouteController().resumeRoute("outbox-events");
			camel.getRouteController().resumeRoute("notification-delivery");
		}
	}

	@Test
	void twoNodesShareAStreamOfReferralsAndDeliverEachOnce() throws Exception {
		Patient ditte = network.ditte();
		List<String> identifiers = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			identifiers.add(network.create(network.referral(ditte, false)).getIdentifierFirstRep().getValue());
		}

		List<FhirReceiver.Received> received = await("all 30 referrals at the family ambulatory")
				.atMost(Duration.ofSeconds(60)).until(() -> receiver.receivedAt("family-ambulatory"), list -> list.size() >= 30);
		await("no referral to come twice").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
				.until(() -> receiver.receivedAt("family-ambulatory").size(), sent -> sent == 30);
		received = receiver.receivedAt("family-ambulatory");

		assertThat(received).hasSize(30);
		assertThat(received).extracting(r -> r.header().getIdElement().getIdPart()).doesNotHaveDuplicates();
		assertThat(received).extracting(SecondNodeIT::referralIdentifier)
				.as("every referral once; one receiver, so in the order written, whichever node sent each")
				.containsExactlyElementsOf(identifiers);
	}

	private static String referralIdentifier(FhirReceiver.Received message) {
		return message.message().getEntry().stream()
				.map(entry -> entry.getResource())
				.filter(ServiceRequest.class::isInstance)
				.map(referral -> ((ServiceRequest) referral).getIdentifierFirstRep().getValue())
				.findFirst()
				.orElseThrow();
	}
}
