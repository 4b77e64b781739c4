package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Ditte's GP refers her to the North Jutland family ambulatory; she consents to Aalborg being told. Under the North
 * Jutland agreement the referral reaches the family ambulatory and Aalborg's family department, and the family
 * ambulatory's answer reaches her GP with a copy to Aalborg.
 */
class DitteReferralIT extends NorthJutlandScenario {

	@Autowired
	GodStartValidator validator;

	Contract agreement;

	@BeforeEach
	void northJutlandAgreement() {
		agreement = network.signAgreement();
	}

	@Test
	void theGpsReferralReachesTheFamilyAmbulatoryAndAalborgUnderTheNorthJutlandAgreement() {
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, true));

		List<FhirReceiver.Received> toAmbulatory = await("the family ambulatory to receive the referral")
				.atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("family-ambulatory"), list -> !list.isEmpty());
		List<FhirReceiver.Received> toAalborg = await("Aalborg to receive the referral")
				.atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("aalborg"), list -> !list.isEmpty());

		FhirReceiver.Received message = toAmbulatory.get(0);
		assertThat(message.contentType()).startsWith("application/fhir+json");
		MessageHeader header = message.header();
		assertThat(header.getEventCoding().getCode()).isEqualTo("referral-created");
		assertThat(header.getDestinationFirstRep().getReceiver().getReference())
				.isEqualTo("Organization/" + network.familyAmbulatory.getIdElement().getIdPart());
		assertThat(((org.hl7.fhir.r4.model.Coding) header.getDestinationFirstRep().getExtensionFirstRep().getValue()).getCode())
				.isEqualTo("primary");
		assertThat(message.message().getEntry()).anySatisfy(entry -> assertThat(entry.getResource())
				.isInstanceOfSatisfying(ServiceRequest.class, sent ->
						assertThat(sent.getIdentifierFirstRep().getValue()).isEqualTo(referral.getIdentifierFirstRep().getValue())));
		assertThat(((org.hl7.fhir.r4.model.Coding) toAalborg.get(0).header().getDestinationFirstRep()
				.getExtensionFirstRep().getValue()).getCode()).isEqualTo("cc");
		assertThat(GodStartValidator.errors(validator.validate(message.message(), GodStartIg.Profiles.HUB_MESSAGE)))
				.as("what the hub sends meets its own HubMessage profile").isEmpty();

		List<Communication> notifications = await("both notifications to be completed").atMost(Duration.ofSeconds(20))
				.until(() -> notificationsAbout(ditte, "ServiceRequest/" + referral.getIdElement().getIdPart()),
				list -> list.size() == 2 && list.stream().allMatch(c -> c.getStatus() == Communication.CommunicationStatus.COMPLETED));
		assertThat(notifications).allSatisfy(notification -> {
			assertThat(notification.getBasedOnFirstRep().getReference())
					.isEqualTo("Contract/" + agreement.getIdElement().getIdPart());
			assertThat(notification.getTopic().getCodingFirstRep().getCode()).isEqualTo("referral-created");
			assertThat(notification.getSender().getReference())
					.isEqualTo("Organization/" + network.gpPractice.getIdElement().getIdPart());
			assertThat(notification.hasSent()).isTrue();
			assertThat(GodStartValidator.errors(validator.validate(notification, GodStartIg.Profiles.HUB_NOTIFICATION)))
					.as("what the hub stores meets its own HubNotification profile").isEmpty();
		});
		assertThat(notifications).extracting(c -> c.getRecipientFirstRep().getReference()).containsExactlyInAnyOrder(
				"Organization/" + network.familyAmbulatory.getIdElement().getIdPart(),
				"Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart());
		assertThat(receiver.received()).as("the GP sent the referral and is not told about it").hasSize(2);
	}

	@Test
	void withoutConsentAalborgIsNotTold() {
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));

		await("the family ambulatory to receive the referral").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("family-ambulatory"), list -> !list.isEmpty());
		List<Communication> notifications = await("the ambulatory's notification to be marked delivered")
				.atMost(Duration.ofSeconds(20)).until(() -> notificationsAbout(ditte, "ServiceRequest/" + referral.getIdElement().getIdPart()),
				list -> list.stream().anyMatch(c -> c.getStatus() == Communication.CommunicationStatus.COMPLETED));
		assertThat(notifications).extracting(c -> c.getRecipientFirstRep().getReference(), Communication::getStatus)
				.containsExactlyInAnyOrder(
						org.assertj.core.groups.Tuple.tuple("Organization/" + network.familyAmbulatory.getIdElement().getIdPart(),
								Communication.CommunicationStatus.COMPLETED),
						org.assertj.core.groups.Tuple.tuple("Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart(),
								Communication.CommunicationStatus.ONHOLD));
		assertThat(notifications).filteredOn(c -> c.getStatus() == Communication.CommunicationStatus.ONHOLD).singleElement()
				.satisfies(parked -> assertThat(parked.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("no-legal-basis"));
		assertThat(receiver.receivedAt("aalborg")).isEmpty();
	}

	@Test
	void theFamilyAmbulatoryAcceptsAndTheGpIsAnsweredWithACopyToAalborg() {
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, true));
		await("the referral to arrive").atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("family-ambulatory"),
				list -> !list.isEmpty());

		Task accepted = network.create(network.answer(referral, Task.TaskStatus.ACCEPTED));

		FhirReceiver.Received atGp = await("the GP to receive the answer").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("gp"), list -> !list.isEmpty()).get(0);
		assertThat(atGp.header().getEventCoding().getCode()).isEqualTo("referral-accepted");
		assertThat(atGp.message().getEntry()).anySatisfy(entry -> assertThat(entry.getResource())
				.isInstanceOfSatisfying(Task.class, task -> assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED)));
		assertThat(atGp.message().getEntry()).anySatisfy(entry -> assertThat(entry.getResource())
				.isInstanceOfSatisfying(Provenance.class, provenance ->
						assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("new")));
		await("Aalborg to receive its copy").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg").stream()
						.filter(r -> r.header().getEventCoding().getCode().equals("referral-accepted")).toList(),
				list -> list.size() == 1);
		assertThat(notificationsAbout(ditte, "Task/" + accepted.getIdElement().getIdPart()))
				.extracting(c -> c.getRecipientFirstRep().getReference())
				.containsExactlyInAnyOrder(
						"Organization/" + network.gpPractice.getIdElement().getIdPart(),
						"Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart());
	}


	@Test
	void whenTheFamilyAmbulatoryAssessesHerAtLevelThreeAalborgIsTold() {
		Patient ditte = network.ditte();
		EpisodeOfCare pregnancy = network.pregnancy(ditte);
		ServiceRequest referral = network.referral(ditte, true);
		referral.addSupportingInfo(MaternityNetwork.reference(pregnancy)); // as in the guide: it carries her pregnancy
		network.create(referral);
		await("the referral to reach Aalborg").atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("aalborg"),
				list -> !list.isEmpty());

		Observation levelTwo = network.create(network.careLevel(pregnancy, "2"));
		Observation levelThree = network.create(network.careLevel(pregnancy, "3"));

		FhirReceiver.Received told = await("Aalborg to be told of level 3").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg").stream()
						.filter(r -> r.header().getEventCoding().getCode().equals("care-level-changed")).toList(),
				list -> !list.isEmpty()).get(0);
		assertThat(told.message().getEntry()).anySatisfy(entry -> assertThat(entry.getResource())
				.isInstanceOfSatisfying(Observation.class, level ->
						assertThat(level.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("3")));
		assertThat(notificationsAbout(ditte, "Observation/" + levelTwo.getIdElement().getIdPart()))
				.as("level 2 stays within antenatal care").isEmpty();
		assertThat(notificationsAbout(ditte, "Observation/" + levelThree.getIdElement().getIdPart()))
				.extracting(c -> c.getRecipientFirstRep().getReference())
				.containsExactly("Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart());
	}
}
