package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What happens when a notification cannot simply be delivered: no agreement covers it, the receiver refuses it, or
 * the receiver is down for a while. Nothing is lost: it is parked for a person, or retried until it gets through.
 */
class ParkingAndRedeliveryIT extends NorthJutlandScenario {


	@Test
	void withoutAnAgreementTheReferralIsParkedAndOnceSignedARedriveDeliversIt() {
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, true));
		String about = "ServiceRequest/" + referral.getIdElement().getIdPart();

		List<Communication> parked = await("both notifications to be parked").atMost(Duration.ofSeconds(20))
				.until(() -> notificationsAbout(ditte, about), list -> list.size() == 2);
		assertThat(parked).allSatisfy(notification -> {
			assertThat(notification.getStatus()).isEqualTo(Communication.CommunicationStatus.ONHOLD);
			assertThat(notification.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("no-agreement");
			assertThat(notification.getStatusReason().getText()).contains("No cross-sector agreement");
			assertThat(notification.hasBasedOn()).isFalse();
			assertThat(GodStartValidator.errors(validator.validate(notification, GodStartIg.Profiles.HUB_NOTIFICATION)))
					.as("a parked notification meets HubNotification (parked-has-reason)").isEmpty();
		});
		assertThat(parkedNotifications("no-agreement")).extracting(c -> c.getIdElement().getIdPart())
				.as("a person finds them by searching").contains(parked.get(0).getIdElement().getIdPart());
		await("nothing to leave the hub without an agreement, over a few delivery polls").during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3)).until(receiver::received, List::isEmpty);
		assertThat(prometheus()).as("operations see parked notifications by reason")
				.containsPattern("godstart_delivery_parked_total\\{reason=\"no-agreement\"\\} [1-9]");

		network.signAgreement();
		for (Communication notification : parked) {
			OperationOutcome answer = redeliver(notification);
			assertThat(answer.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
			assertThat(answer.getIssueFirstRep().getDiagnostics()).contains("Queued for delivery");
		}

		await("both to be delivered").atMost(Duration.ofSeconds(20)).until(() -> receiver.received(), list -> list.size() == 2);
		assertThat(await("the deliveries to be counted").atMost(Duration.ofSeconds(10)).until(this::prometheus,
				figures -> figures.matches("(?s).*godstart_delivery_delivered_total [1-9].*")))
				.contains("godstart_delivery_latency_seconds{quantile=\"0.95\"}");
		await("both notifications completed").atMost(Duration.ofSeconds(20)).until(() -> notificationsAbout(ditte, about),
				list -> list.size() == 2 && list.stream().allMatch(c -> c.getStatus() == Communication.CommunicationStatus.COMPLETED
						&& c.hasBasedOn()));
		Assertions.assertThatThrownBy(() -> redeliver(parked.get(0)))
				.as("a delivered notification has nothing to re-drive")
				.isInstanceOf(ResourceVersionConflictException.class);
	}

	@Test
	void aReceiverThatRefusesTheMessageGetsItParkedWithItsOwnWords() {
		network.signAgreement();
		receiver.rejectWith("Unknown recipient GLN at Aalborg's case system");
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));

		Communication rejected = await("the notification to be parked").atMost(Duration.ofSeconds(20))
				.until(() -> toTheAmbulatory(ditte, referral),
				list -> list.size() == 1 && list.get(0).getStatus() == Communication.CommunicationStatus.ONHOLD).get(0);
		assertThat(rejected.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("rejected-by-receiver");
		assertThat(rejected.getStatusReason().getText())
				.contains("HTTP 422")
				.contains("Unknown recipient GLN at Aalborg's case system");

		Parameters status = deliveryStatus(rejected);
		Parameters.ParametersParameterComponent delivery = status.getParameterFirstRep();
		assertThat(part(delivery, "state").primitiveValue()).isEqualTo("parked");
		assertThat(((org.hl7.fhir.r4.model.Coding) part(delivery, "parkReason")).getCode()).isEqualTo("rejected-by-receiver");
		assertThat(part(delivery, "lastHttpStatus").primitiveValue()).isEqualTo("422");
		assertThat(delivery.getPart()).filteredOn(p -> p.getName().equals("receiverResponse")).singleElement()
				.satisfies(p -> assertThat(((OperationOutcome) p.getResource()).getIssueFirstRep().getDiagnostics())
						.isEqualTo("Unknown recipient GLN at Aalborg's case system"));

		receiver.answer(FhirReceiver.Answer.ACCEPT);
		redeliver(rejected);
		await("the fixed receiver to get it").atMost(Duration.ofSeconds(20)).until(() -> receiver.received(), list -> list.size() == 1);
	}

	@Test
	void aReceiverThatIsDownGetsEverythingInOrderOnceItIsBack() {
		network.signAgreement();
		receiver.down();
		Patient ditte = network.ditte();
		List<ServiceRequest> referrals = List.of(
				network.create(network.referral(ditte, false)),
				network.create(network.referral(ditte, false)),
				network.create(network.referral(ditte, false)));

		Communication failing = await("the first notification to show it is being retried")
				.atMost(Duration.ofSeconds(20)).until(() -> toTheAmbulatory(ditte, referrals.get(0)),
				list -> list.size() == 1 && list.get(0).getStatus() == Communication.CommunicationStatus.INPROGRESS).get(0);
		assertThat(failing.getNoteFirstRep().getText()).contains("Delivery is being retried");
		assertThat(part(deliveryStatus(failing).getParameterFirstRep(), "lastError").primitiveValue())
				.as("the operator sees why").contains("Could not reach");
		assertThat(GodStartValidator.errors(validator.validate(failing, GodStartIg.Profiles.HUB_NOTIFICATION))).isEmpty();
		sleepPastAFewPolls();

		receiver.up();
		List<FhirReceiver.Received> received = await("all three referrals to arrive").atMost(Duration.ofSeconds(30))
				.until(() -> receiver.receivedAt("family-ambulatory"), list -> list.size() == 3);
		assertThat(received).extracting(r -> r.message().getEntry().stream()
						.filter(e -> e.getResource() instanceof ServiceRequest)
						.map(e -> ((ServiceRequest) e.getResource()).getIdentifierFirstRep().getValue())
						.findFirst().orElseThrow())
				.as("in the order they were written")
				.containsExactly(referrals.stream().map(r -> r.getIdentifierFirstRep().getValue()).toArray(String[]::new));
		await("all three notifications completed").atMost(Duration.ofSeconds(20))
				.until(() -> referrals.stream().flatMap(r -> toTheAmbulatory(ditte, r).stream()).toList(),
				list -> list.size() == 3 && list.stream().allMatch(c -> c.getStatus() == Communication.CommunicationStatus.COMPLETED));
	}

	@Autowired
	GodStartValidator validator;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	@Test
	void aReferralNotDeliveredWithinTheAgreementsDeadlineIsCountedOverdue() throws Exception {
		network.signAgreement(1, "s");
		receiver.down();
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));
		Communication waiting = await("the notification to be queued").atMost(Duration.ofSeconds(20))
				.until(() -> toTheAmbulatory(ditte, referral),
				list -> list.size() == 1).get(0);
		String overdue = "SELECT due_at < now() AND state <> 'delivered' FROM hub_delivery WHERE communication_id = ?";

		await("the deadline to pass").atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.queryForObject(overdue, Boolean.class, waiting.getIdElement().getIdPart()), Boolean.TRUE::equals);
		assertThat(prometheus()).containsPattern("godstart_delivery_overdue [1-9]");

		receiver.up();
		await("it to be delivered late").atMost(Duration.ofSeconds(20))
				.until(() -> jdbc.queryForObject(overdue, Boolean.class, waiting.getIdElement().getIdPart()), Boolean.FALSE::equals);
	}

	private String prometheus() {
		try {
			return send(request("/actuator/prometheus").setHeader("Authorization", bearer(operatorToken))).body();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** Its notification to the family ambulatory; these scenarios are about delivery to a receiver, not the legal basis. */
	private List<Communication> toTheAmbulatory(Patient woman, ServiceRequest referral) {
		return notificationsAbout(woman, "ServiceRequest/" + referral.getIdElement().getIdPart(), network.familyAmbulatory);
	}

	private Parameters deliveryStatus(Communication notification) {
		return operator.operation()
				.onInstance(notification.getIdElement().toUnqualifiedVersionless())
				.named("$delivery-status")
				.withNoParameters(Parameters.class)
				.useHttpGet()
				.execute();
	}

	private static org.hl7.fhir.r4.model.Type part(Parameters.ParametersParameterComponent parameter, String name) {
		return parameter.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow().getValue();
	}

	private OperationOutcome redeliver(Communication notification) {
		return (OperationOutcome) operator.operation()
				.onInstance(notification.getIdElement().toUnqualifiedVersionless())
				.named("$redeliver")
				.withNoParameters(Parameters.class)
				.returnResourceType(OperationOutcome.class)
				.execute();
	}

	private List<Communication> parkedNotifications(String reason) {
		return operator.search().forResource(Communication.class)
				.where(Communication.STATUS.exactly().code("on-hold"))
				.sort().descending("_lastUpdated")
				.count(50)
				.returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute().getEntry().stream()
				.map(e -> (Communication) e.getResource())
				.filter(c -> c.getStatusReason().getCoding().stream().anyMatch(code -> reason.equals(code.getCode())))
				.toList();
	}

	private static void sleepPastAFewPolls() {
		try {
			Thread.sleep(1_000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
