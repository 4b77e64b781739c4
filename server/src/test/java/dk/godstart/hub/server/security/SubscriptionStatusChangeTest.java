package dk.godstart.hub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What an operator may change of a subscriber's subscription: its status, to requested or off, and nothing else. */
class SubscriptionStatusChangeTest {

	private static Subscription aalborgsSubscription() {
		Subscription subscription = new Subscription();
		subscription.setId("Subscription/aalborg-1");
		subscription.getMeta().setVersionId("3");
		subscription.setStatus(Subscription.SubscriptionStatus.ERROR);
		subscription.setError("The endpoint answered 500");
		subscription.setReason("Aalborg's case system");
		subscription.setCriteria("Communication?recipient=Organization/aalborg-family-department");
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint("https://case.aalborg.dk/hook").setPayload("application/fhir+json").addHeader("Authorization: Bearer x");
		return subscription;
	}

	@Test
	void backToRequestedOrOffIsAStatusChange() {
		for (Subscription.SubscriptionStatus status : new Subscription.SubscriptionStatus[] {
				Subscription.SubscriptionStatus.REQUESTED, Subscription.SubscriptionStatus.OFF}) {
			Subscription changed = aalborgsSubscription();
			changed.setStatus(status);
			changed.setError(null);
			assertThat(AccessPolicy.onlyItsStatusChanges(aalborgsSubscription(), changed)).as(status.toCode()).isTrue();
		}
	}

	static Stream<Arguments> otherChanges() {
		return Stream.<Arguments>of(
				Arguments.of("made active by the operator", (Consumer<Subscription>) s -> s.setStatus(Subscription.SubscriptionStatus.ACTIVE)),
				Arguments.of("sent elsewhere", (Consumer<Subscription>) s -> s.getChannel().setEndpoint("https://attacker.example/hook")),
				Arguments.of("another header", (Consumer<Subscription>) s -> s.getChannel().addHeader("X-Forward: attacker")),
				Arguments.of("other criteria", (Consumer<Subscription>) s -> s.setCriteria("Communication?status=completed")),
				Arguments.of("another channel", (Consumer<Subscription>) s -> s.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET)),
				Arguments.of("an extension", (Consumer<Subscription>) s -> s.addExtension("http://example.org/x", new org.hl7.fhir.r4.model.StringType("y"))),
				Arguments.of("an end", (Consumer<Subscription>) s -> s.setEnd(new java.util.Date())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("otherChanges")
	void anythingElseIsNot(String what, Consumer<Subscription> change) {
		Subscription changed = aalborgsSubscription();
		changed.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		change.accept(changed);
		assertThat(AccessPolicy.onlyItsStatusChanges(aalborgsSubscription(), changed)).as(what).isFalse();
	}
}
