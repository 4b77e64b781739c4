package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MedCom reliable messaging, as the family ambulatory's receiving system behaves (a real HTTP peer answering each
 * way): Ditte's referral is delivered only when the ambulatory acknowledges it. An {@code ok} in the HTTP answer
 * completes it; {@code transient-error} is tried again; {@code fatal-error} parks it with the receiver's words; no
 * acknowledgement gets it resent (the same MessageHeader id in a new envelope), twice, then parked
 * {@code no-acknowledgement}; a late acknowledgement still counts, also after parking; a duplicate changes nothing; and
 * only the receiver may acknowledge (the test profile's window is 3 s).
 */
class ReliableMessagingIT extends NorthJutlandScenario {

	@BeforeEach
	void agreement() {
		network.signAgreement();
	}

	@Test
	void anOkAcknowledgementInTheAnswerCompletesDittesReferral() {
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));

		Communication completed = await("the notification to be completed").atMost(Duration.ofSeconds(20))
				.until(() -> toTheAmbulatory(ditte, referral), list -> list.size() == 1
						&& list.get(0).getStatus() == Communication.CommunicationStatus.COMPLETED).get(0);
		Parameters.ParametersParameterComponent delivery = deliveryStatus(completed).getParameterFirstRep();
		assertThat(text(delivery, "acknowledgement")).isEqualTo("ok");
		assertThat(text(delivery, "acknowledgementMode")).isEqualTo("message");
		assertThat(part(delivery, "acknowledgedAt")).isPresent();
		assertThat(delivery.getPart()).filteredOn(p -> p.getName().equals("receiverAcknowledgement")).singleElement()
				.satisfies(p -> assertThat(((MessageHeader) ((Bundle) p.getResource()).getEntryFirstRep().getResource())
						.getResponse().getIdentifier()).isEqualTo(text(delivery, "messageId")));
		assertThat(receiver.receivedAt("family-ambulatory")).as("sent once").hasSize(1);
		assertThat(prometheus()).containsPattern("godstart_delivery_acknowledgements_total\\{code=\"ok\"\\} [1-9]")
				.contains("godstart_delivery_acknowledged_latency_seconds{quantile=\"0.95\"}");
	}

	@Test
	void aTransientErrorIsTriedAgainUntilTheReceiverCanTakeIt() {
		receiver.answer(FhirReceiver.Answer.ACKNOWLEDGE_TRANSIENT);
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));

		await("a second try after the transient error").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("family-ambulatory"), list -> list.size() >= 2);
		Communication trying = toTheAmbulatory(ditte, referral).get(0);
		assertThat(trying.getStatus()).isNotEqualTo(Communication.CommunicationStatus.COMPLETED);
		assertThat(text(deliveryStatus(trying).getParameterFirstRep(), "lastError"))
				.contains("transient-error").contains("being updated");

		receiver.answer(FhirReceiver.Answer.ACCEPT);
		await("completed once the receiver takes it").atMost(Duration.ofSeconds(20))
				.until(() -> toTheAmbulatory(ditte, referral).get(0).getStatus() == Communication.CommunicationStatus.COMPLETED);
		List<FhirReceiver.Received> tries = receiver.receivedAt("family-ambulatory");
		assertThat(tries).extracting(r -> r.header().getIdElement().getIdPart()).as("one message, tried again")
				.hasSizeGreaterThanOrEqualTo(3).containsOnly(tries.get(0).header().getIdElement().getIdPart());
	}

	@Test
	void aFatalErrorParksTheReferralWithTheReceiversOwnWords() {
		receiver.rejectWith("Ditte is not known at this family ambulatory's case system");
		receiver.answer(FhirReceiver.Answer.ACKNOWLEDGE_FATAL);
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));

		Communication parked = await("the notification to be parked").atMost(Duration.ofSeconds(20))
				.until(() -> toTheAmbulatory(ditte, referral), list -> list.size() == 1
						&& list.get(0).getStatus() == Communication.CommunicationStatus.ONHOLD).get(0);
		assertThat(parked.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("rejected-by-receiver");
		assertThat(parked.getStatusReason().getText()).contains("fatal-error")
				.contains("Ditte is not known at this family ambulatory's case system");
		assertThat(text(deliveryStatus(parked).getParameterFirstRep(), "acknowledgement")).isEqualTo("fatal-error");
		await("not sent again").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
				.until(() -> receiver.receivedAt("family-ambulatory").size() == 1);
	}

	@Test
	void noAcknowledgementIsResentTwiceThenParkedAndALateOkStillCounts() throws Exception {
		receiver.answer(FhirReceiver.Answer.SILENT);
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));

		Communication parked = await("resent twice, then parked no-acknowledgement").atMost(Duration.ofSeconds(40))
				.until(() -> toTheAmbulatory(ditte, referral), list -> list.size() == 1
						&& list.get(0).getStatus() == Communication.CommunicationStatus.ONHOLD).get(0);
		assertThat(parked.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("no-acknowledgement");
		List<FhirReceiver.Received> sends = receiver.receivedAt("family-ambulatory");
		assertThat(sends).as("the first send and two resends").hasSize(3);
		assertThat(sends).extracting(r -> r.header().getIdElement().getIdPart()).as("the same message every time")
				.containsOnly(sends.get(0).header().getIdElement().getIdPart());
		assertThat(sends).extracting(r -> r.message().getIdElement().getIdPart()).as("each resend a new envelope")
				.doesNotHaveDuplicates();
		Parameters.ParametersParameterComponent delivery = deliveryStatus(parked).getParameterFirstRep();
		assertThat(text(delivery, "resends")).isEqualTo("2");
		assertThat(text(delivery, "state")).isEqualTo("parked");

		// the ambulatory's system had it after all: its acknowledgement comes late, and counts
		HttpResponse<String> late = acknowledge(receiver.acknowledgement(sends.get(0), MessageHeader.ResponseType.OK,
				"Received"), network.familyAmbulatoryToken);
		assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
		assertThat(late.body()).contains("is acknowledged");
		await("completed by the late acknowledgement").atMost(Duration.ofSeconds(20))
				.until(() -> toTheAmbulatory(ditte, referral).get(0).getStatus() == Communication.CommunicationStatus.COMPLETED);
		assertThat(text(deliveryStatus(parked).getParameterFirstRep(), "acknowledgement")).isEqualTo("ok");
	}

	@Test
	void aLateAcknowledgementAfterOneResendStopsTheResendsAndADuplicateChangesNothing() throws Exception {
		receiver.answer(FhirReceiver.Answer.SILENT);
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));
		List<FhirReceiver.Received> sends = await("one resend for want of an acknowledgement").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("family-ambulatory"), list -> list.size() == 2);

		Bundle acknowledgement = receiver.acknowledgement(sends.get(1), MessageHeader.ResponseType.OK, "Received");
		assertThat(acknowledge(acknowledgement, network.familyAmbulatoryToken).statusCode()).isEqualTo(200);
		await("completed").atMost(Duration.ofSeconds(20))
				.until(() -> toTheAmbulatory(ditte, referral).get(0).getStatus() == Communication.CommunicationStatus.COMPLETED);
		await("no further resend").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
				.until(() -> receiver.receivedAt("family-ambulatory").size() == 2);

		HttpResponse<String> duplicate = acknowledge(acknowledgement, network.familyAmbulatoryToken);
		assertThat(duplicate.statusCode()).isEqualTo(200);
		assertThat(duplicate.body()).contains("nothing changed").contains("acknowledged before");
		HttpResponse<String> negativeAfterPositive = acknowledge(receiver.acknowledgement(sends.get(1),
				MessageHeader.ResponseType.FATALERROR, "changed my mind"), network.familyAmbulatoryToken);
		assertThat(negativeAfterPositive.body()).contains("nothing changed");
		assertThat(toTheAmbulatory(ditte, referral).get(0).getStatus()).isEqualTo(Communication.CommunicationStatus.COMPLETED);
	}

	@Test
	void onlyTheReceiverMayAcknowledgeAMessage() throws Exception {
		receiver.answer(FhirReceiver.Answer.SILENT);
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));
		FhirReceiver.Received sent = await("the message").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("family-ambulatory"), list -> !list.isEmpty()).get(0);
		Bundle fatal = receiver.acknowledgement(sent, MessageHeader.ResponseType.FATALERROR, "forged");

		// Aalborg's token, acknowledging in the ambulatory's name: not its own name
		assertThat(acknowledge(fatal, network.aalborgToken).statusCode()).isEqualTo(403);
		// the GP (the referral's sender) with an acknowledgement in its own name: not the message's receiver
		Bundle asTheGp = receiver.acknowledgement(sent, MessageHeader.ResponseType.FATALERROR, "forged");
		MessageHeader header = (MessageHeader) asTheGp.getEntryFirstRep().getResource();
		header.setSender(header.getDestinationFirstRep().getReceiver().copy());
		HttpResponse<String> gp = acknowledge(asTheGp, network.gpToken);
		assertThat(gp.statusCode()).as(gp.body()).isEqualTo(403);
		assertThat(gp.body()).contains("Only the receiver");
		// an acknowledgement of a message the hub never sent
		Bundle unknown = receiver.acknowledgement(sent, MessageHeader.ResponseType.OK, "Received");
		((MessageHeader) unknown.getEntryFirstRep().getResource()).getResponse()
				.setIdentifier(java.util.UUID.randomUUID().toString());
		assertThat(acknowledge(unknown, network.familyAmbulatoryToken).statusCode()).isEqualTo(422);

		assertThat(toTheAmbulatory(ditte, referral).get(0).getStatus()).as("none of them changed anything")
				.isNotEqualTo(Communication.CommunicationStatus.ONHOLD);
		assertThat(text(deliveryStatus(toTheAmbulatory(ditte, referral).get(0)).getParameterFirstRep(), "acknowledgement"))
				.isIn("awaiting", null);
	}

	private HttpResponse<String> acknowledge(Bundle acknowledgement, String token) throws Exception {
		return send(anonymousRequest("/fhir/$process-message").header("Authorization", bearer(token))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(acknowledgement))));
	}

	private List<Communication> toTheAmbulatory(Patient woman, ServiceRequest referral) {
		return notificationsAbout(woman, "ServiceRequest/" + referral.getIdElement().getIdPart(), network.familyAmbulatory);
	}

	private Parameters deliveryStatus(Communication notification) {
		return operator.operation().onInstance(notification.getIdElement().toUnqualifiedVersionless())
				.named("$delivery-status").withNoParameters(Parameters.class).useHttpGet().execute();
	}

	private static Optional<org.hl7.fhir.r4.model.Type> part(Parameters.ParametersParameterComponent parameter, String name) {
		return parameter.getPart().stream().filter(p -> p.getName().equals(name)).findFirst()
				.map(Parameters.ParametersParameterComponent::getValue);
	}

	private static String text(Parameters.ParametersParameterComponent parameter, String name) {
		return part(parameter, name).map(org.hl7.fhir.r4.model.Type::primitiveValue).orElse(null);
	}

	private String prometheus() {
		try {
			return send(request("/actuator/prometheus").setHeader("Authorization", bearer(operatorToken))).body();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
