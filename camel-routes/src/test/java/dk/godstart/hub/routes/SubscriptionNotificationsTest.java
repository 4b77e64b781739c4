package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.godstart.hub.routes.subscriptions.HubTopic;
import dk.godstart.hub.routes.subscriptions.Notification;
import dk.godstart.hub.routes.subscriptions.SubscriptionEvent;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifications;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** What Aalborg's case system is sent for one notification, in each form its subscription can ask for. */
class SubscriptionNotificationsTest {

	static final FhirContext FHIR = FhirContext.forR4Cached();
	final SubscriptionNotifications notifications = new SubscriptionNotifications(FHIR, "https://hub.example/fhir/",
			Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
	final SubscriptionEvent created = new SubscriptionEvent(7, "sub-1", 4, "rest-hook", "Communication", "n-1", 1L,
			"create", 1, Instant.parse("2026-11-25T09:59:59Z"), Instant.parse("2026-11-27T10:00:00Z"));
	final Communication notification = (Communication) new Communication().setId("Communication/n-1/_history/1");

	@Test
	void withoutPayloadTheEndpointGetsAnEmptyPostWithTheSubscribersHeaders() {
		Notification call = notifications.restHook(classic(null), created, Optional.of(notification));
		assertThat(call.method()).isEqualTo("POST");
		assertThat(call.url()).isEqualTo("https://case.example/hook");
		assertThat(call.body()).isNull();
		assertThat(call.headers()).containsExactly("Authorization: Bearer abc");
	}

	@Test
	void withPayloadTheEndpointIsAFhirBaseThatGetsTheResourcePutOrDeleted() {
		Notification put = notifications.restHook(classic("application/fhir+json"), created, Optional.of(notification));
		assertThat(put.method()).isEqualTo("PUT");
		assertThat(put.url()).isEqualTo("https://case.example/hook/Communication/n-1");
		assertThat(FHIR.newJsonParser().parseResource(Communication.class, put.body()).getIdElement().getIdPart()).isEqualTo("n-1");

		SubscriptionEvent deleted = new SubscriptionEvent(8, "sub-1", 5, "rest-hook", "Communication", "n-1", 2L,
				"delete", 1, created.createdAt(), created.giveUpAt());
		Notification delete = notifications.restHook(classic("application/fhir+json"), deleted, Optional.empty());
		assertThat(delete.method()).isEqualTo("DELETE");
		assertThat(delete.body()).isNull();
	}

	@Test
	void aWebsocketGetsAPingNamingTheSubscription() {
		assertThat(notifications.websocket(classic(null), created, Optional.of(notification))).isEqualTo("ping sub-1");
	}

	@Test
	void aTopicSubscriptionGetsAHistoryBundleWithItsStatusAndEventNumber() {
		Subscription subscription = classic("application/fhir+json");
		subscription.setCriteria(HubTopic.NOTIFICATION_TO_ORGANISATION.canonical());
		subscription.getChannel().getPayloadElement()
				.addExtension(SubscriptionNotifications.PAYLOAD_CONTENT, new CodeType("full-resource"));

		Notification call = notifications.restHook(subscription, created, Optional.of(notification));

		assertThat(call.method()).isEqualTo("POST");
		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, call.body());
		assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.HISTORY);
		Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
		assertThat(status.getParameterValue("type").primitiveValue()).isEqualTo("event-notification");
		assertThat(status.getParameterValue("topic").primitiveValue()).isEqualTo(HubTopic.NOTIFICATION_TO_ORGANISATION.canonical());
		assertThat(status.getParameter("notification-event").getPart()).anySatisfy(part -> {
			assertThat(part.getName()).isEqualTo("event-number");
			assertThat(part.getValue().primitiveValue()).isEqualTo("4");
		});
		assertThat(bundle.getEntry().get(1).getFullUrl()).isEqualTo("https://hub.example/fhir/Communication/n-1");
		assertThat(bundle.getEntry().get(1).getResource()).isInstanceOf(Communication.class);
		assertThat(bundle.getEntry().get(1).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
	}

	@Test
	void theReferralTopicFiresOnCreationAndOnAStatusChangeOnly() {
		Task accepted = new Task().setStatus(Task.TaskStatus.ACCEPTED);
		Task annotated = accepted.copy();
		annotated.addNote().setText("First visit booked");
		Task completed = accepted.copy().setStatus(Task.TaskStatus.COMPLETED);
		HubTopic topic = HubTopic.REFERRAL_STATUS_CHANGED;
		assertThat(topic.triggeredBy(null, accepted)).isTrue();
		assertThat(topic.triggeredBy(accepted, annotated)).isFalse();
		assertThat(topic.triggeredBy(annotated, completed)).isTrue();
		assertThat(HubTopic.NOTIFICATION_TO_ORGANISATION.triggeredBy(null, accepted)).as("another resource type").isFalse();
	}

	private static Subscription classic(String payload) {
		Subscription subscription = new Subscription();
		subscription.setId("Subscription/sub-1");
		subscription.setStatus(Subscription.SubscriptionStatus.ACTIVE);
		subscription.setCriteria("Communication?recipient=Organization/aalborg");
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint("https://case.example/hook").setPayload(payload).addHeader("Authorization: Bearer abc");
		return subscription;
	}
}
