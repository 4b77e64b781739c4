package dk.godstart.hub.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.server.support.NorthJutlandScenario;
import dk.godstart.hub.server.support.RestHookSubscriber;
import dk.godstart.hub.server.support.WebsocketClient;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * Ditte's GP follows her referral without polling: a topic-based subscription (Subscriptions R5 Backport on R4) to
 * the hub's referral-status-changed topic tells the practice when the family ambulatory accepts and completes it.
 */
class ReferralStatusTopicIT extends NorthJutlandScenario {

	static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

	@Test
	void theGpIsToldWhenTheFamilyAmbulatoryAcceptsAndCompletesDittesReferral() {
		network.signAgreement();
		try (RestHookSubscriber gpSystem = new RestHookSubscriber()) {
			Subscription subscription = referralStatus("Task?requester=Organization/" + network.gpPractice.getIdElement().getIdPart());
			subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(gpSystem.address());
			Subscription stored = subscribe(network.asGp, subscription);
			assertThat(stored.getStatus()).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);

			ServiceRequest referral = network.create(network.referral(network.ditte(), false));
			Task task = network.create(network.answer(referral, Task.TaskStatus.ACCEPTED));
			task.addNote().setText("First visit booked"); // not a status change: no event
			task = (Task) network.asFamilyAmbulatory.update().resource(task).execute().getResource();
			task.setStatus(Task.TaskStatus.COMPLETED);
			network.asFamilyAmbulatory.update().resource(task).execute();

			List<RestHookSubscriber.Request> told = await("the GP's system to be told twice")
					.atMost(Duration.ofSeconds(20)).until(() -> gpSystem.notifications().stream().skip(1).toList(), list -> list.size() >= 2);
			assertThat(told).hasSize(2);
			Bundle accepted = fhirContext.newJsonParser().parseResource(Bundle.class, told.get(0).body());
			Bundle completed = fhirContext.newJsonParser().parseResource(Bundle.class, told.get(1).body());
			assertThat(accepted.getType()).isEqualTo(Bundle.BundleType.HISTORY);
			Parameters status = (Parameters) completed.getEntryFirstRep().getResource();
			assertThat(status.getParameterValue("topic").primitiveValue())
					.isEqualTo("http://godstart.dk/fhir/SubscriptionTopic/referral-status-changed");
			assertThat(status.getParameterValue("type").primitiveValue()).isEqualTo("event-notification");
			assertThat(status.getParameterValue("events-since-subscription-start").primitiveValue()).isEqualTo("2");
			assertThat(accepted.getEntry().get(1).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
			assertThat(completed.getEntry().get(1).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
			assertThat(completed.getEntry().get(1).getFullUrl()).endsWith("/Task/" + task.getIdElement().getIdPart());
			assertThat(completed.getEntry().get(1).hasResource()).as("id-only: the GP's system reads the task itself").isFalse();
		}
	}

	@Test
	void aWebsocketClientThatBindsLateGetsWhatWasQueuedMeanwhile() {
		network.signAgreement();
		Subscription subscription = referralStatus("Task?owner=Organization/" + network.familyAmbulatory.getIdElement().getIdPart());
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET);
		String id = subscribe(network.asFamilyAmbulatory, subscription).getIdElement().getIdPart();

		ServiceRequest referral = network.create(network.referral(network.ditte(), false));
		Task task = network.create(network.answer(referral, Task.TaskStatus.ACCEPTED));

		try (WebsocketClient socket = new WebsocketClient("ws://localhost:" + port + "/websocket", network.familyAmbulatoryToken)) {
			socket.send("bind " + id);
			List<String> received = await("the queued event after binding").atMost(Duration.ofSeconds(15))
					.until(socket::received, list -> list.size() >= 2);
			assertThat(received.get(0)).isEqualTo("bound " + id);
			Bundle notification = fhirContext.newJsonParser().parseResource(Bundle.class, received.get(1));
			assertThat(notification.getEntry().get(1).getFullUrl()).endsWith("/Task/" + task.getIdElement().getIdPart());
		}
	}

	@Test
	void theCapabilityStatementNamesTheWebsocketAndTheTopics() {
		CapabilityStatement capabilities = fhir.capabilities().ofType(CapabilityStatement.class).execute();
		CapabilityStatement.CapabilityStatementRestComponent rest = capabilities.getRestFirstRep();
		assertThat(rest.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket")
				.getValue().primitiveValue()).isEqualTo("ws://localhost:" + port + "/websocket");
		assertThat(rest.getResource().stream().filter(r -> r.getType().equals("Subscription")).findFirst().orElseThrow()
				.getExtensionsByUrl(BACKPORT + "capabilitystatement-subscriptiontopic-canonical"))
				.extracting(e -> ((CanonicalType) e.getValue()).getValue())
				.contains("http://godstart.dk/fhir/SubscriptionTopic/referral-status-changed",
						"http://godstart.dk/fhir/SubscriptionTopic/notification-to-organisation");
	}

	private static Subscription referralStatus(String filter) {
		Subscription subscription = new Subscription();
		subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("Follow the referrals' status");
		subscription.setCriteria("http://godstart.dk/fhir/SubscriptionTopic/referral-status-changed");
		subscription.getCriteriaElement().addExtension(BACKPORT + "backport-filter-criteria", new StringType(filter));
		subscription.getChannel().setPayload("application/fhir+json");
		subscription.getChannel().getPayloadElement().addExtension(BACKPORT + "backport-payload-content", new CodeType("id-only"));
		return subscription;
	}
}
