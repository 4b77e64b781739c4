package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.routes.delivery.Delivery;
import dk.godstart.hub.routes.delivery.DeliveryRepository;
import dk.godstart.hub.routes.delivery.NewDelivery;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.queue.Lease;
import dk.godstart.hub.routes.routing.DestinationUse;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.HubIntegrationTest;
import dk.godstart.hub.server.support.MaternityNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A node dies after the referral committed and after it claimed the delivery, before the receiver got anything; and
 * several nodes claim from one database at once. Every notification is delivered, none twice from the hub's side.
 */
class CrashAndScaleOutIT extends HubIntegrationTest {

	@Autowired
	CamelContext camel;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DeliveryRepository deliveries;

	FhirReceiver receiver;

	@AfterEach
	void restore() throws Exception {
		camel.getRouteController().resumeRoute("notification-delivery");
		if (receiver != null) {
			receiver.close();
		}
	}

	@Test
	void aDeliveryHeldByANodeThatDiedIsTakenOverWhenItsLeaseRunsOutAndArrivesOnce() throws Exception {
		receiver = new FhirReceiver(fhirContext);
		MaternityNetwork network = newNetwork(receiver);
		network.signAgreement();
		camel.getRouteController().suspendRoute("notification-delivery");

		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));
		Communication queued = await("the notification to be queued").atMost(Duration.ofSeconds(20))
				.until(() -> notificationsAbout(ditte, "ServiceRequest/" + referral.getIdElement().getIdPart(), network.familyAmbulatory),
				list -> list.size() == 1).get(0);
		String communicationId = queued.getIdElement().getIdPart();
		// The node that claimed it crashed: its lease stands for two more seconds and nobody will release it.
		int claimed = jdbc.update("""
				UPDATE hub_delivery SET lease_owner = 'crashed-node', lease_until = now() + interval '2 seconds',
				       attempts = attempts + 1
				WHERE communication_id = ? AND state = 'pending'""", communicationId);
		assertThat(claimed).isEqualTo(1);

		camel.getRouteController().resumeRoute("notification-delivery");
		await("nobody to send while the dead node's lease stands").during(Duration.ofSeconds(1))
				.atMost(Duration.ofMillis(1_500)).until(receiver::received, List::isEmpty);

		List<FhirReceiver.Received> received = await("the delivery to be taken over").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.received(), list -> !list.isEmpty());
		await("the notification to be completed").atMost(Duration.ofSeconds(20))
				.until(() -> operator.read().resource(Communication.class).withId(communicationId).execute(),
				c -> c.getStatus() == Communication.CommunicationStatus.COMPLETED);
		await("no second delivery after the take-over").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
				.until(() -> receiver.received().size(), sent -> sent == 1);
		assertThat(received.get(0).header().getIdElement().getIdPart())
				.isEqualTo(deliveries.forCommunication(communicationId).get(0).messageId().toString());
		assertThat(notificationsAbout(ditte, "ServiceRequest/" + referral.getIdElement().getIdPart(), network.familyAmbulatory))
				.hasSize(1);
	}

	@Test
	void fourNodesClaimingFromOneDatabaseTakeEachDeliveryExactlyOnce() throws Exception {
		camel.getRouteController().suspendRoute("notification-delivery");
		String batch = UUID.randomUUID().toString();
		int count = 200;
		for (int i = 0; i < count; i++) {
			// One endpoint address per delivery, so that ordering per receiver does not hold any back.
			deliveries.enqueue(new NewDelivery(null, UUID.randomUUID(), "scale-out-" + batch + "-" + i, Instant.now(),
					MessageEvent.REFERRAL_CREATED, "ServiceRequest/x", "Organization/a", "Organization/b",
					DestinationUse.PRIMARY, "http://127.0.0.1:9/" + batch + "/" + i, null, null,
					Instant.now().plusSeconds(3600), null, dk.godstart.hub.routes.delivery.AcknowledgementMode.MESSAGE));
		}
		ExecutorService nodes = Executors.newFixedThreadPool(4);
		try {
			List<Callable<List<Long>>> claimers = new ArrayList<>();
			for (int node = 0; node < 4; node++) {
				String name = "node-" + node + "-" + batch;
				claimers.add(() -> {
					List<Long> mine = new ArrayList<>();
					for (int round = 0; round < 40; round++) {
						for (Delivery delivery : deliveries.claim(new Lease(name, Duration.ofMinutes(5)), 10)) {
							if (delivery.communicationId().startsWith("scale-out-" + batch)) {
								mine.add(delivery.id());
							}
						}
					}
					return mine;
				});
			}
			List<Long> all = Collections.synchronizedList(new ArrayList<>());
			for (Future<List<Long>> claimed : nodes.invokeAll(claimers)) {
				all.addAll(claimed.get());
			}
			Set<Long> distinct = new HashSet<>(all);
			assertThat(all).as("no delivery claimed by two nodes").hasSameSizeAs(distinct);
			assertThat(distinct).as("every delivery claimed").hasSize(count);
		} finally {
			nodes.shutdownNow();
			jdbc.update("DELETE FROM hub_delivery WHERE communication_id LIKE ?", "scale-out-" + batch + "-%");
		}
	}
}
