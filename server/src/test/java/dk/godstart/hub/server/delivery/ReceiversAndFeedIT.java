package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.HubTokens;
import dk.godstart.hub.server.support.MllpClient;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import dk.godstart.hub.server.support.RestHookSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the regional integration team sees and does about the receivers, through the API the console uses: the
 * family ambulatory's case system paused for maintenance gets Ditte's referral only once resumed; a wrong address
 * corrected takes the queued referral along; a hospital's ADT message the hub refuses is in the feed with its ERR text;
 * a subscription in error is set back to requested by an operator, who may change nothing else of it; and none of the
 * figures are shown to anyone but an operator.
 */
class ReceiversAndFeedIT extends NorthJutlandScenario {

	@Test
	void familieambulatorietPausedForMaintenanceGetsDittesReferralOnlyOnceResumed() {
		network.signAgreement();
		Endpoint endpoint = familyAmbulatoryEndpoint();
		endpoint.setStatus(Endpoint.EndpointStatus.SUSPENDED);
		operator.update().resource(endpoint).execute();

		Patient ditte = network.ditte();
		network.create(network.referral(ditte, false));
		await("the referral is routed to the paused endpoint and waits").atMost(Duration.ofSeconds(20))
				.until(() -> receiver(endpoint.getAddress()).map(r -> r.get("queued")).orElse("0"), queued -> !"0".equals(queued));
		await("nothing is sent while it is paused").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
				.until(() -> receiver.receivedAt("family-ambulatory").isEmpty());
		assertThat(receiver(endpoint.getAddress()).orElseThrow()).containsEntry("paused", "true");

		Endpoint paused = familyAmbulatoryEndpoint();
		assertThat(paused.getStatus()).isEqualTo(Endpoint.EndpointStatus.SUSPENDED);
		paused.setStatus(Endpoint.EndpointStatus.ACTIVE);
		operator.update().resource(paused).execute();
		await("resumed: the queued referral goes out").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("family-ambulatory").size() == 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver(endpoint.getAddress()).orElseThrow(),
				figures -> "false".equals(figures.get("paused")) && "0".equals(figures.get("queued"))
						&& figures.containsKey("lastDelivered") && figures.containsKey("latencyP95"));
	}

	@Test
	void aWrongAddressCorrectedTakesTheQueuedReferralAlong() {
		network.signAgreement();
		Endpoint endpoint = familyAmbulatoryEndpoint();
		String right = endpoint.getAddress();
		String wrong = "http://127.0.0.1:1/familieambulatoriet-" + java.util.UUID.randomUUID() + "/$process-message";
		endpoint.setAddress(wrong);
		operator.update().resource(endpoint).execute();

		network.create(network.referral(network.ditte(), false));
		Map<String, String> failing = await("the receiver is seen failing").atMost(Duration.ofSeconds(20))
				.until(() -> receiver(wrong), found -> found.isPresent() && found.get().containsKey("failingSince")).get();
		assertThat(failing.get("lastError")).contains("127.0.0.1:1");
		assertThat(failing.get("retrying")).isEqualTo("1");

		Endpoint corrected = familyAmbulatoryEndpoint();
		corrected.setAddress(right);
		operator.update().resource(corrected).execute();
		await("the corrected address gets it").atMost(Duration.ofSeconds(30))
				.until(() -> receiver.receivedAt("family-ambulatory").size() == 1);
		assertThat(receiver(wrong).map(figures -> figures.get("queued")).orElse("0"))
				.as("nothing waits for the wrong address any more").isEqualTo("0");
	}

	@Test
	void aHospitalsMessageTheHubRefusesIsInTheFeedWithItsErrText() {
		String control = "REFUSE" + System.nanoTime();
		String message = "MSH|^~\\&|PAS|0000000000000|GODSTART|HUB|20261203090000||ADT^A01^ADT_A01|" + control + "|P|2.5\r"
				+ "EVN|A01|20261203090000\rPID|||" + newCpr() + "^^^CPR||Hansen^Ditte||19950101|F\r"
				+ "PV1||I|FØD^^^0000000000000||||||||||||||||V" + control + "|||||||||||||||||||||||||20261203085500\r";
		String ack;
		try (MllpClient hospital = new MllpClient(mllpPort())) {
			ack = hospital.send(message);
		}
		assertThat(MllpClient.field(ack, "MSA", 1)).isIn("AR", "AE");

		Parameters feed = operator.operation().onServer().named("$hl7v2-feed").withNoParameters(Parameters.class)
				.useHttpGet().execute();
		List<Map<String, String>> refused = rows(feed, "refused");
		assertThat(refused).as("the refusals of the last day").isNotEmpty();
		Map<String, String> ours = refused.stream().filter(r -> control.equals(r.get("controlId"))).findFirst().orElseThrow();
		assertThat(ours).containsEntry("sendingFacility", "0000000000000").containsEntry("event", "A01")
				.containsEntry("acknowledgement", MllpClient.field(ack, "MSA", 1));
		assertThat(ack).as("the reason is what the hospital was answered").contains(ours.get("reason"));
	}

	@Test
	void anOperatorSetsASubscriptionInErrorBackToRequestedAndMayChangeNothingElseOfIt() {
		try (RestHookSubscriber caseSystem = new RestHookSubscriber()) {
			caseSystem.answer(500);
			Subscription subscription = new Subscription();
			subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
			subscription.setReason("Aalborg's case system is told of notifications to its family department");
			subscription.setCriteria("Communication?recipient=Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart());
			subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(caseSystem.address())
					.setPayload("application/fhir+json");
			Subscription stored = subscribe(network.asAalborg, subscription);
			String id = stored.getIdElement().getIdPart();
			assertThat(network.asAalborg.read().resource(Subscription.class).withId(id).execute().getStatus())
					.as("its endpoint answered 500 when checked").isEqualTo(Subscription.SubscriptionStatus.ERROR);

			IGenericClient operations = clientWithToken(tokens.token("regional-operations", null,
					Stream.concat(HubTokens.OPERATOR.stream(), Stream.of("system/Subscription.rus")).toList()));
			Subscription elsewhere = operations.read().resource(Subscription.class).withId(id).execute();
			elsewhere.getChannel().setEndpoint("https://attacker.example/hook");
			elsewhere.setStatus(Subscription.SubscriptionStatus.REQUESTED);
			assertThatThrownBy(() -> operations.update().resource(elsewhere).execute())
					.as("an operator may not send a subscriber's notifications elsewhere")
					.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
			Subscription widened = operations.read().resource(Subscription.class).withId(id).execute();
			widened.setCriteria("Communication?status=completed");
			widened.setStatus(Subscription.SubscriptionStatus.REQUESTED);
			assertThatThrownBy(() -> operations.update().resource(widened).execute())
					.as("nor make it match another organisation's notifications")
					.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));

			caseSystem.answer(200); // the case system is fixed
			Subscription again = operations.read().resource(Subscription.class).withId(id).execute();
			again.setStatus(Subscription.SubscriptionStatus.REQUESTED);
			operations.update().resource(again).execute();
			assertThat(network.asAalborg.read().resource(Subscription.class).withId(id).execute().getStatus())
					.as("checked again and active").isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
			assertThat(network.asAalborg.read().resource(Subscription.class).withId(id).execute().getChannel().getEndpoint())
					.isEqualTo(caseSystem.address());
		}
	}

	static Stream<org.junit.jupiter.params.provider.Arguments> figures() {
		return Stream.of(org.junit.jupiter.params.provider.Arguments.of("$receivers", "hours"),
				org.junit.jupiter.params.provider.Arguments.of("$delivery-figures", "hours"),
				org.junit.jupiter.params.provider.Arguments.of("$hl7v2-feed", "hours"),
				org.junit.jupiter.params.provider.Arguments.of("$overdue", "_count"));
	}

	@ParameterizedTest(name = "{0} is for operators only, and refuses {1} out of range")
	@MethodSource("figures")
	void theFiguresAreForOperatorsOnly(String operation, String bounded) {
		for (IGenericClient other : List.of(network.asGp, network.asAalborg, network.asFamilyAmbulatory)) {
			assertThatThrownBy(() -> other.operation().onServer().named(operation).withNoParameters(Parameters.class)
					.useHttpGet().execute()).isInstanceOfSatisfying(BaseServerResponseException.class,
							e -> assertThat(e.getStatusCode()).isEqualTo(403));
		}
		Parameters tooFar = new Parameters();
		tooFar.addParameter().setName(bounded).setValue(new IntegerType(100_000));
		assertThatThrownBy(() -> operator.operation().onServer().named(operation).withParameters(tooFar).useHttpGet()
				.execute()).isInstanceOfSatisfying(BaseServerResponseException.class,
						e -> assertThat(e.getStatusCode()).isEqualTo(400));
	}

	@Test
	void dittesReferralNotDeliveredByTheAgreementsDeadlineIsListedOverdue() {
		network.signAgreement(1, "s"); // the referral is to reach the family ambulatory within a second
		receiver.answer(FhirReceiver.Answer.FAIL); // its case system is down for maintenance: 503, again and again
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));
		Communication notification = await().atMost(Duration.ofSeconds(20)).until(() -> notificationsAbout(ditte,
				"ServiceRequest/" + referral.getIdElement().getIdPart(), network.familyAmbulatory), list -> list.size() == 1)
				.get(0);
		String reference = "Communication/" + notification.getIdElement().getIdPart();
		Parameters all = new Parameters();
		all.addParameter().setName("recipient").setValue(new org.hl7.fhir.r4.model.StringType("Organization/"
				+ network.familyAmbulatory.getIdElement().getIdPart()));
		Map<String, String> overdue = await("past its deadline, still not delivered").atMost(Duration.ofSeconds(20))
				.until(() -> rows(operator.operation().onServer().named("$overdue").withParameters(all).useHttpGet()
						.execute(), "overdue").stream().filter(row -> reference.equals(row.get("notification"))).toList(),
						found -> found.size() == 1 && Integer.parseInt(found.get(0).get("tries")) >= 1)
				.get(0);
		assertThat(overdue).containsEntry("recipient", "Organization/" + network.familyAmbulatory.getIdElement().getIdPart())
				.containsEntry("state", "pending").containsKeys("due", "address", "lastError");
		for (String hostile : List.of("x' OR '1'='1", "Organization/a,Organization/b", "Patient/ditte")) {
			Parameters asked = new Parameters();
			asked.addParameter().setName("recipient").setValue(new org.hl7.fhir.r4.model.StringType(hostile));
			assertThatThrownBy(() -> operator.operation().onServer().named("$overdue").withParameters(asked).useHttpGet()
					.execute()).as(hostile).isInstanceOfSatisfying(BaseServerResponseException.class,
							e -> assertThat(e.getStatusCode()).isEqualTo(400));
		}
		receiver.answer(FhirReceiver.Answer.ACCEPT);
		await("delivered at last: no longer overdue").atMost(Duration.ofSeconds(20)).until(() -> rows(operator.operation()
				.onServer().named("$overdue").withParameters(all).useHttpGet().execute(), "overdue").stream()
				.noneMatch(row -> reference.equals(row.get("notification"))));
	}

	@Test
	void theDayInHoursCountsWhatWasDelivered() {
		network.signAgreement();
		network.create(network.referral(network.ditte(), false));
		await().atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("family-ambulatory").size() == 1);
		List<Map<String, String>> hours = await().atMost(Duration.ofSeconds(10)).until(() -> rows(operator.operation()
				.onServer().named("$delivery-figures").withNoParameters(Parameters.class).useHttpGet().execute(), "hour"),
				found -> !found.isEmpty() && !"0".equals(found.get(found.size() - 1).get("delivered")));
		assertThat(hours).as("24 hours and the current one").hasSizeBetween(24, 26);
		assertThat(hours.get(hours.size() - 1)).containsKeys("start", "delivered", "parked", "backlog", "latencyP95");
	}

	private Endpoint familyAmbulatoryEndpoint() {
		Reference reference = network.familyAmbulatory.getEndpointFirstRep();
		return operator.read().resource(Endpoint.class).withId(reference.getReferenceElement().getIdPart()).execute();
	}

	private Optional<Map<String, String>> receiver(String address) {
		Parameters receivers = operator.operation().onServer().named("$receivers").withNoParameters(Parameters.class)
				.useHttpGet().execute();
		return rows(receivers, "receiver").stream().filter(r -> address.equals(r.get("address"))).findFirst();
	}

	private static List<Map<String, String>> rows(Parameters parameters, String name) {
		List<Map<String, String>> rows = new ArrayList<>();
		for (Parameters.ParametersParameterComponent row : parameters.getParameter()) {
			if (name.equals(row.getName())) {
				Map<String, String> parts = new LinkedHashMap<>();
				row.getPart().forEach(part -> parts.put(part.getName(), part.getValue() instanceof Reference reference
						? reference.getReference() : part.getValue().primitiveValue()));
				rows.add(parts);
			}
		}
		return rows;
	}
}
