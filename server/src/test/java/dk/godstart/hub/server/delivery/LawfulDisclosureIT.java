package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An agreement says who tells whom; only a legal basis lets the hub do it. Ditte's consent, her refusal and her
 * withdrawal; a midwife's concern for Janni's child on the statutory duty; a somatic level-3 pregnancy's hospital stay.
 * Each through the real routes to a real FHIR receiver, with the audit trail read back.
 */
class LawfulDisclosureIT extends NorthJutlandScenario {

	static final String LEGAL_BASIS = "http://godstart.dk/fhir/StructureDefinition/legal-basis";

	@Autowired
	JdbcTemplate hubJdbcTemplate;

	Contract agreement;

	@BeforeEach
	void northJutlandAgreementWithThePartner() {
		agreement = network.partnerJoins(network.signAgreement());
	}

	@Test
	void ditteConsentsToHerFamilyDepartmentAndNotToThePartner() {
		Patient ditte = network.ditte();
		Consent refusal = network.consent(ditte, Consent.ConsentState.REJECTED);
		refusal.addExtension("http://godstart.dk/fhir/StructureDefinition/consent-recipient-type", new CodeableConcept(
				new Coding(MaternityNetwork.ORGANIZATION_TYPE, "civil-society-partner", null)));
		refusal.getProvision().addPurpose(new Coding("http://godstart.dk/fhir/CodeSystem/disclosure-purpose", "civil-society-support", null));
		refusal = network.create(refusal);

		ServiceRequest referral = network.create(network.referral(ditte, true));

		await("Aalborg to receive the referral").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg"), list -> !list.isEmpty());
		Communication toPartner = await("the partner's copy to be decided").atMost(Duration.ofSeconds(20))
				.until(() -> notificationsAbout(ditte, key(referral), network.partner), list -> !list.isEmpty()).get(0);
		assertThat(toPartner.getStatus()).isEqualTo(Communication.CommunicationStatus.ONHOLD);
		assertThat(toPartner.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("no-legal-basis");
		assertThat(toPartner.getStatusReason().getText()).contains("she declined")
				.contains("Consent/" + refusal.getIdElement().getIdPart());
		assertThat(receiver.receivedAt("partner")).isEmpty();

		Communication toAalborg = notificationsAbout(ditte, key(referral), network.aalborgFamilyDepartment).get(0);
		String consent = ((Reference) referral.getExtensionByUrl("http://godstart.dk/fhir/StructureDefinition/consent").getValue()).getReference();
		assertThat(toAalborg.getExtensionByUrl(LEGAL_BASIS).getValue().primitiveValue()).isEqualTo("consent");
		assertThat(((Reference) toAalborg.getExtensionByUrl(LEGAL_BASIS + "-evidence").getValue()).getReference()).isEqualTo(consent);

		List<AuditEvent> delivered = await("the disclosure to Aalborg to be audited").atMost(Duration.ofSeconds(20))
				.until(() -> audit("message-delivered", toAalborg), list -> !list.isEmpty());
		assertThat(delivered.get(0).getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("consent");
		assertThat(delivered.get(0).getEntity()).extracting(entity -> entity.getWhat().getReference()).contains(consent,
				"Contract/" + agreement.getIdElement().getIdPart());
		List<AuditEvent> refused = audit("disclosure-refused", toPartner);
		assertThat(refused).hasSize(1);
		assertThat(refused.get(0).getOutcomeDesc()).contains("she declined");
	}

	@Test
	void afterDitteWithdrawsHerConsentTheNextEventReachesNobodyOnIt() {
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, true));
		await("Aalborg to receive the referral").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg"), list -> !list.isEmpty());
		Consent consent = network.asGp.read().resource(Consent.class).withId(((Reference) referral
				.getExtensionByUrl("http://godstart.dk/fhir/StructureDefinition/consent").getValue()).getReferenceElement().getIdPart())
				.execute();
		consent.setStatus(Consent.ConsentState.INACTIVE).setDateTime(new Date());
		network.asGp.update().resource(consent).execute();

		Task accepted = network.create(network.answer(referral, Task.TaskStatus.ACCEPTED));

		await("the GP to hear that the referral was accepted (her treatment)").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("gp"), list -> !list.isEmpty());
		Communication toAalborg = await("Aalborg's copy of the answer to be decided").atMost(Duration.ofSeconds(20))
				.until(() -> notificationsAbout(ditte, key(accepted), network.aalborgFamilyDepartment), list -> !list.isEmpty()).get(0);
		assertThat(toAalborg.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("no-legal-basis");
		assertThat(toAalborg.getStatusReason().getText()).contains("she withdrew");
		assertThat(receiver.receivedAt("aalborg")).extracting(m -> m.header().getEventCoding().getCode())
				.containsExactly("referral-created");
	}

	@Test
	void aWithdrawalStopsWhatWasQueuedButNotYetSent() {
		receiver.answer(FhirReceiver.Answer.FAIL);
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, true));
		Communication queued = await("Aalborg's copy to be tried and to fail").atMost(Duration.ofSeconds(20))
				.until(() -> notificationsAbout(ditte, key(referral), network.aalborgFamilyDepartment),
				list -> !list.isEmpty() && list.get(0).getStatus() == Communication.CommunicationStatus.INPROGRESS).get(0);
		assertThat(queued.getExtensionByUrl(LEGAL_BASIS).getValue().primitiveValue()).isEqualTo("consent");
		assertThat(network.asAalborg.read().resource(ServiceRequest.class).withId(referral.getIdElement().getIdPart()).execute())
				.as("while it is on its way, Aalborg may read what it is about").isNotNull();

		Consent consent = network.asGp.read().resource(Consent.class).withId(((Reference) referral
				.getExtensionByUrl("http://godstart.dk/fhir/StructureDefinition/consent").getValue()).getReferenceElement().getIdPart())
				.execute();
		consent.setStatus(Consent.ConsentState.INACTIVE).setDateTime(new Date());
		network.asGp.update().resource(consent).execute();

		// the receiver stays down until the next try has come and gone: a try already under way when she withdrew
		// may still get through once it is up (sent at the same moment), one that starts after it may not
		Communication stopped = await("Aalborg's copy to be stopped at its next try").atMost(Duration.ofSeconds(30))
				.until(() -> notificationsAbout(ditte, key(referral), network.aalborgFamilyDepartment),
				list -> list.get(0).getStatus() == Communication.CommunicationStatus.ONHOLD).get(0);
		receiver.answer(FhirReceiver.Answer.ACCEPT);
		await("the family ambulatory to receive the referral once it is back").atMost(Duration.ofSeconds(30))
				.until(() -> receiver.receivedAt("family-ambulatory"), list -> !list.isEmpty());
		await("nothing to reach Aalborg over a few more tries").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
				.until(() -> receiver.receivedAt("aalborg"), List::isEmpty);
		assertThat(stopped.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("no-legal-basis");
		assertThat(stopped.getStatusReason().getText()).contains("she withdrew");
		assertThat(receiver.receivedAt("aalborg")).isEmpty();
		assertThat(audit("disclosure-refused", stopped)).hasSize(1);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> network.asAalborg.read().resource(ServiceRequest.class)
						.withId(referral.getIdElement().getIdPart()).execute())
				.as("what it was never told, Aalborg cannot read through the API either")
				.isInstanceOf(ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException.class);
	}

	@Test
	void aMidwifesConcernForJannisChildReachesAalborgWithoutAnyConsentAndTheAnswerComesBack() {
		Patient janni = network.womanLivingIn(MaternityNetwork.AALBORG, network.asFamilyAmbulatory);
		ServiceRequest concern = network.concern(janni);

		FhirReceiver.Received toAalborg = await("Aalborg's family department to receive the concern")
				.atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("aalborg"), list -> !list.isEmpty()).get(0);
		assertThat(toAalborg.header().getEventCoding().getCode()).isEqualTo("concern-notified");
		Communication notification = notificationsAbout(janni, key(concern), network.aalborgFamilyDepartment).get(0);
		assertThat(notification.getExtensionByUrl(LEGAL_BASIS).getValue().primitiveValue()).isEqualTo("duty-to-notify");
		assertThat(receiver.receivedAt("partner")).isEmpty();

		IGenericClient aalborgAnswering = clientFor(MaternityNetwork.AALBORG_CLAIM, List.of(
				"system/Task.cru", "system/ServiceRequest.rs", "system/Patient.rs", "system/Communication.rs"));
		Task received = new Task();
		received.getMeta().addProfile("http://godstart.dk/fhir/StructureDefinition/concern-answer-task");
		received.setStatus(Task.TaskStatus.RECEIVED);
		received.setIntent(Task.TaskIntent.ORDER);
		received.setCode(new CodeableConcept(new Coding("http://godstart.dk/fhir/CodeSystem/hub-task-code", "concern-answer", null)));
		received.setFocus(new Reference("ServiceRequest/" + concern.getIdElement().getIdPart()));
		received.setFor(new Reference("Patient/" + janni.getIdElement().getIdPart()));
		received.setAuthoredOn(new Date());
		received.setRequester(new Reference("PractitionerRole/" + network.ambulatoryMidwife.getIdElement().getIdPart()));
		received.setOwner(MaternityNetwork.reference(network.aalborgFamilyDepartment));
		aalborgAnswering.create().resource(received).execute();

		FhirReceiver.Received answer = await("the family ambulatory to hear that Aalborg received it")
				.atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("family-ambulatory"), list -> !list.isEmpty()).get(0);
		assertThat(answer.header().getEventCoding().getCode()).isEqualTo("concern-received");
	}

	@Test
	void aLevelThreeSomaticPregnancysHospitalStayReachesNoMunicipality() {
		// a pregnancy with diabetes, followed at the hospital, assessed at level 3; no referral to the family ambulatory
		Patient woman = network.womanLivingIn(MaternityNetwork.AALBORG, network.asFamilyAmbulatory);
		EpisodeOfCare pregnancy = new EpisodeOfCare();
		pregnancy.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
		pregnancy.setPatient(MaternityNetwork.reference(woman));
		pregnancy.setManagingOrganization(MaternityNetwork.reference(network.familyAmbulatory));
		pregnancy = (EpisodeOfCare) network.asFamilyAmbulatory.create().resource(pregnancy).execute().getResource();
		org.hl7.fhir.r4.model.Observation level = network.careLevel(pregnancy, "3");
		level.getComponentFirstRep().getCode().getCodingFirstRep().setCode("somatic").setDisplay("Somatic conditions");
		level.getComponentFirstRep().setValue(new CodeableConcept(new Coding(
				"http://godstart.dk/fhir/CodeSystem/care-level-reason", "diabetes", null)).setText("Type 1 diabetes"));
		String levelId = network.asFamilyAmbulatory.create().resource(level).execute().getId().getIdPart();
		pregnancy.addExtension("http://godstart.dk/fhir/StructureDefinition/current-care-level",
				new Reference("Observation/" + levelId));
		network.asFamilyAmbulatory.update().resource(pregnancy).execute();
		Encounter stay = new Encounter();
		stay.setStatus(Encounter.EncounterStatus.INPROGRESS);
		stay.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
		stay.setSubject(MaternityNetwork.reference(woman));
		stay.addEpisodeOfCare(MaternityNetwork.reference(pregnancy));
		stay.setServiceProvider(MaternityNetwork.reference(network.familyAmbulatory));
		String stayId = network.asFamilyAmbulatory.create().resource(stay).execute().getId().getIdPart();

		await("the admission to be routed").atMost(Duration.ofSeconds(20)).until(() -> hubJdbcTemplate.queryForList(
				"SELECT state FROM hub_outbox_event WHERE focus_type = 'Encounter' AND focus_id = ?", String.class, stayId),
				states -> states.contains("routed"));
		assertThat(notificationsAbout(woman, "Encounter/" + stayId)).isEmpty();
		assertThat(receiver.receivedAt("aalborg")).isEmpty();
	}

	private static String key(org.hl7.fhir.r4.model.Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}

	private List<AuditEvent> audit(String subtype, Communication notification) {
		IGenericClient auditor = clientFor(null, List.of("system/AuditEvent.rs"));
		Bundle found = auditor.search().forResource(AuditEvent.class)
				.where(AuditEvent.ENTITY.hasId("Communication/" + notification.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute();
		List<AuditEvent> events = new ArrayList<>();
		found.getEntry().stream().map(entry -> (AuditEvent) entry.getResource())
				.filter(event -> event.getSubtype().stream().anyMatch(coding -> subtype.equals(coding.getCode())))
				.forEach(events::add);
		return events;
	}
}
