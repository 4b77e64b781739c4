package dk.godstart.hub.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

/**
 * Who sees what in the North Jutland network: a municipality sees what it was told under an agreement and nothing
 * else, an EHR writes only in its own name, the registry only its own kind of resources, the developers' validator no
 * patient data at all; and every access, refused ones too, is in the audit trail.
 */
class WhoSeesWhatIT extends NorthJutlandScenario {

	@Test
	void aalborgSeesDittesReferralItWasToldAboutButNothingOfAWomanLivingInOdense() {
		network.signAgreement();
		Patient ditte = network.ditte();
		ServiceRequest dittesReferral = network.create(network.referral(ditte, true));
		Patient odenseWoman = network.womanLivingIn("0461");
		ServiceRequest odenseReferral = network.create(network.referral(odenseWoman, true));
		await("Aalborg to be told of Ditte's referral").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg"), list -> !list.isEmpty());

		IGenericClient aalborg = network.asAalborg;
		List<Communication> toldAalborg = aalborg.search().forResource(Communication.class)
				.where(Communication.SUBJECT.hasId(id(ditte))).returnBundle(Bundle.class).execute()
				.getEntry().stream().map(e -> (Communication) e.getResource()).toList();
		assertThat(toldAalborg).extracting(c -> c.getRecipientFirstRep().getReference())
				.as("only the notification addressed to it, not the family ambulatory's")
				.containsExactly(id(network.aalborgFamilyDepartment));
		assertThat(aalborg.read().resource(ServiceRequest.class).withId(dittesReferral.getIdElement().getIdPart()).execute()
				.getSubject().getReference()).isEqualTo(id(ditte));
		assertThat(aalborg.read().resource(Patient.class).withId(ditte.getIdElement().getIdPart()).execute()
				.getIdentifierFirstRep().getValue()).isEqualTo(ditte.getIdentifierFirstRep().getValue());

		assertThatThrownBy(() -> aalborg.read().resource(ServiceRequest.class).withId(odenseReferral.getIdElement().getIdPart()).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
		assertThatThrownBy(() -> aalborg.read().resource(Patient.class).withId(odenseWoman.getIdElement().getIdPart()).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
		assertThat(aalborg.search().forResource(ServiceRequest.class)
				.where(ServiceRequest.SUBJECT.hasId(id(odenseWoman))).returnBundle(Bundle.class).execute().getEntry())
				.as("a search returns nothing of her").isEmpty();
		assertThat(aalborg.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(GodStartIg.CPR_SYSTEM, odenseWoman.getIdentifierFirstRep().getValue()))
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
		assertThat(aalborg.search().forResource(ServiceRequest.class).count(200).returnBundle(Bundle.class).execute().getEntry())
				.extracting(e -> e.getResource().getIdElement().getIdPart())
				.contains(dittesReferral.getIdElement().getIdPart())
				.doesNotContain(odenseReferral.getIdElement().getIdPart());

		assertThatThrownBy(() -> aalborg.search().byUrl("Patient?_has:ServiceRequest:subject:performer=" + id(network.familyAmbulatory))
				.returnBundle(Bundle.class).execute())
				.as("no searching by what it may not see")
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));

		IGenericClient auditor = clientFor(null, List.of("system/AuditEvent.rs"));
		List<AuditEvent> readsOfDittesReferral = await("the reads to be in the audit trail").atMost(Duration.ofSeconds(10))
				.until(() -> audit(auditor, "ServiceRequest/" + dittesReferral.getIdElement().getIdPart()),
				events -> events.stream().anyMatch(e -> e.getAction() == AuditEvent.AuditEventAction.R));
		AuditEvent read = readsOfDittesReferral.stream().filter(e -> e.getAction() == AuditEvent.AuditEventAction.R
				&& "test-client".equals(e.getAgentFirstRep().getAltId())
				&& e.getAgent().stream().anyMatch(a -> (GodStartIg.MUNICIPALITY_CODE_SYSTEM + "|0851").equals(a.getName())))
				.findFirst().orElseThrow();
		assertThat(read.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		assertThat(read.getEntity()).extracting(e -> e.getWhat().getReference())
				.contains(id(ditte))
				.as("the agreement that let Aalborg see it").anyMatch(r -> r != null && r.startsWith("Contract/"));
		List<AuditEvent> refused = await("the refused read to be in the audit trail").atMost(Duration.ofSeconds(10))
				.until(() -> audit(auditor, "ServiceRequest/" + odenseReferral.getIdElement().getIdPart()),
				events -> events.stream().anyMatch(e -> e.getOutcome() != AuditEvent.AuditEventOutcome._0));
		assertThat(refused).anySatisfy(e -> assertThat(e.getOutcomeDesc()).startsWith("404"));

		await("the hub's delivery to Aalborg to be in the trail").atMost(Duration.ofSeconds(10))
				.until(() -> audit(auditor, "ServiceRequest/" + dittesReferral.getIdElement().getIdPart()),
				events -> events.stream().anyMatch(e -> "message-delivered".equals(e.getSubtypeFirstRep().getCode())
						&& e.getAgent().stream().anyMatch(a -> id(network.aalborgFamilyDepartment).equals(a.getWho().getReference()))
						&& e.getEntity().stream().anyMatch(entity -> id(ditte).equals(entity.getWhat().getReference()))));
		assertThat(audit(auditor, "ServiceRequest/" + dittesReferral.getIdElement().getIdPart()))
				.as("the GP's referral is in the trail as created by the GP's client")
				.anySatisfy(e -> {
					assertThat(e.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
					assertThat(e.getAgent()).anyMatch(a -> MaternityNetwork.sor(network.gpPractice).equals(a.getName()));
				});

		assertThat(auditor.search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId(id(ditte)))
				.count(200).returnBundle(Bundle.class).execute().getEntry())
				.as("everything done with Ditte's data, by woman").hasSizeGreaterThanOrEqualTo(3);
		IGenericClient importer = clientFor(null, List.of("system/*.cruds", "hub/import"));
		assertThatThrownBy(() -> importer.create().resource(new AuditEvent()).execute())
				.as("the trail is written by the hub alone, not even an importer adds to it")
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isBetween(400, 405));

		assertThatThrownBy(() -> aalborg.search().forResource(AuditEvent.class).returnBundle(Bundle.class).execute())
				.as("the audit trail is for auditors")
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
	}

	@Test
	void whenTheAgreementEndsAalborgNoLongerSeesWhatItWasToldUnderIt() {
		Contract agreement = network.signAgreement();
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, true));
		await("Aalborg to be told").atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("aalborg"), list -> !list.isEmpty());
		String referralId = referral.getIdElement().getIdPart();
		assertThat(network.asAalborg.read().resource(ServiceRequest.class).withId(referralId).execute()).isNotNull();

		agreement.setStatus(Contract.ContractStatus.TERMINATED);
		agreement.getApplies().setEnd(new java.util.Date());
		operator.update().resource(agreement).execute();

		assertThatThrownBy(() -> network.asAalborg.read().resource(ServiceRequest.class).withId(referralId).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
		assertThat(network.asAalborg.search().forResource(Communication.class)
				.where(Communication.SUBJECT.hasId(id(ditte))).returnBundle(Bundle.class).execute().getEntry())
				.as("nor the notification itself").isEmpty();
		assertThat(network.asGp.read().resource(ServiceRequest.class).withId(referralId).execute())
				.as("the GP's own referral is its own, agreement or not").isNotNull();
	}

	@Test
	void aMunicipalitySubscribesOnlyToWhatIsAddressedToItself() {
		Subscription own = subscription("Communication?recipient=" + id(network.aalborgFamilyDepartment));
		IGenericClient aalborg = clientFor(GodStartIg.MUNICIPALITY_CODE_SYSTEM + "|0851",
				List.of("system/Subscription.cruds", "system/Communication.rs"));
		String created = aalborg.create().resource(own).execute().getId().getIdPart();
		assertThat(aalborg.read().resource(Subscription.class).withId(created).execute().getCriteria())
				.contains(network.aalborgFamilyDepartment.getIdElement().getIdPart());

		Subscription someoneElses = subscription("Communication?recipient=" + id(network.familyAmbulatory));
		assertThatThrownBy(() -> aalborg.create().resource(someoneElses).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(403);
					assertThat(e.getMessage()).contains("own organisation");
				});
		assertThatThrownBy(() -> aalborg.create().resource(subscription("Communication?status=completed")).execute())
				.as("criteria about everyone are about someone else too")
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
		IGenericClient odense = clientFor(GodStartIg.MUNICIPALITY_CODE_SYSTEM + "|0461",
				List.of("system/Subscription.cruds", "system/Communication.rs"));
		assertThatThrownBy(() -> odense.read().resource(Subscription.class).withId(created).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
	}

	private Subscription subscription(String criteria) {
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.OFF);
		subscription.setReason("Aalborg's case system is told of notifications to the family department");
		subscription.setCriteria(criteria);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint("https://case-system.aalborg.example/fhir").setPayload("application/fhir+json");
		return subscription;
	}

	@Test
	void aGpRefersOnlyInItsOwnNameAndCannotReachAWomanByNamingHer() {
		Patient ditte = network.ditte();
		ServiceRequest inTheAmbulatorysName = network.referral(ditte, false);
		inTheAmbulatorysName.setRequester(MaternityNetwork.reference(network.familyAmbulatory));

		assertThatThrownBy(() -> network.asGp.create().resource(inTheAmbulatorysName).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(403);
					assertThat(e.getMessage()).contains("requester");
				});
		assertThat(storedCount("ServiceRequest", "identifier=" + inTheAmbulatorysName.getIdentifierFirstRep().getSystem()
				+ "|" + inTheAmbulatorysName.getIdentifierFirstRep().getValue())).isZero();

		// The test hospital has every scope, but has nothing to do with Ditte: it may not refer her in its own name
		// to gain access to her record.
		ServiceRequest hospitalsOwn = network.referral(ditte, false);
		hospitalsOwn.setRequester(new Reference(hospitalOrganisationId()));
		assertThatThrownBy(() -> fhir.create().resource(hospitalsOwn).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(403);
					assertThat(e.getMessage()).contains(id(ditte));
				});
		assertThatThrownBy(() -> fhir.read().resource(Patient.class).withId(ditte.getIdElement().getIdPart()).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
	}

	@Test
	void aGpRefersAsHerselfThroughHerRoleAtThePractice() {
		org.hl7.fhir.r4.model.Practitioner doctor = new org.hl7.fhir.r4.model.Practitioner();
		doctor.addName().setFamily("Holm").addGiven("Karen");
		doctor = (org.hl7.fhir.r4.model.Practitioner) operator.create().resource(doctor).execute().getResource();
		org.hl7.fhir.r4.model.PractitionerRole atThePractice = new org.hl7.fhir.r4.model.PractitionerRole();
		atThePractice.setPractitioner(MaternityNetwork.reference(doctor));
		atThePractice.setOrganization(MaternityNetwork.reference(network.gpPractice));
		atThePractice = (org.hl7.fhir.r4.model.PractitionerRole) operator.create().resource(atThePractice).execute().getResource();
		Patient ditte = network.ditte();

		ServiceRequest byHerRole = network.referral(ditte, false);
		byHerRole.setRequester(MaternityNetwork.reference(atThePractice));
		assertThat(network.asGp.create().resource(byHerRole).execute().getId().getIdPart())
				.as("as the guide's example refers: the GP's role at the practice").isNotBlank();

		ServiceRequest inHerName = network.referral(ditte, false);
		inHerName.setRequester(MaternityNetwork.reference(atThePractice));
		assertThatThrownBy(() -> network.asFamilyAmbulatory.create().resource(inHerName).execute())
				.as("another organisation cannot refer in the practice's GP's name")
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(403);
					assertThat(e.getMessage()).contains("requester");
				});
	}

	@Test
	void theValidatorClientValidatesButNeverSeesPatientData() throws Exception {
		Patient ditte = network.ditte();
		String validatorToken = tokens.token("demo-validator", null, List.of("system/StructureDefinition.rs"));
		String body = fhirContext.newJsonParser().encodeResourceToString(network.referral(ditte, true));

		HttpResponse<String> validated = send(anonymousRequest("/fhir/ServiceRequest/$validate")
				.header("Authorization", bearer(validatorToken))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
		assertThat(validated.body()).contains("OperationOutcome");

		HttpResponse<String> read = send(anonymousRequest("/fhir/Patient/" + ditte.getIdElement().getIdPart())
				.header("Authorization", bearer(validatorToken)));
		assertThat(read.statusCode()).isEqualTo(403);
		assertThat(read.body()).contains("OperationOutcome").doesNotContain(ditte.getIdentifierFirstRep().getValue());
		HttpResponse<String> search = send(anonymousRequest("/fhir/Patient").header("Authorization", bearer(validatorToken)));
		assertThat(search.statusCode()).isEqualTo(403);
	}

	@Test
	void theRegistryWritesOnlyResidentialTreatmentResources() {
		IGenericClient registry = clientFor(GodStartIg.SOR_SYSTEM + "|549991000016005", List.of(
				"system/HealthcareService.crus?_profile=" + GodStartIg.Profiles.RESIDENTIAL_TREATMENT_PLACE,
				"system/EpisodeOfCare.crus?_profile=" + GodStartIg.Profiles.RESIDENTIAL_TREATMENT_EPISODE,
				"system/Communication.rs", "system/Bundle.c"));
		HealthcareService places = fhirContext.newJsonParser().parseResource(HealthcareService.class,
				GodStartIg.loadPackage().examples().get("HealthcareService-residential-places-odense.json"));
		places.setId((String) null);
		places.setProvidedBy(MaternityNetwork.reference(network.region));

		assertThat(registry.create().resource(places).execute().getId().getIdPart()).isNotBlank();

		HealthcareService unprofiled = places.copy();
		unprofiled.getMeta().getProfile().clear();
		assertThatThrownBy(() -> registry.create().resource(unprofiled).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
		assertThatThrownBy(() -> registry.create().resource(network.pregnancy(network.ditte()).setId((String) null)).execute())
				.as("a pregnancy episode is not the registry's")
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
		assertThatThrownBy(() -> registry.search().forResource(Patient.class).returnBundle(Bundle.class).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
	}

	private List<AuditEvent> audit(IGenericClient auditor, String entity) {
		return auditor.search().forResource(AuditEvent.class)
				.where(AuditEvent.ENTITY.hasId(entity)).count(100)
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (AuditEvent) e.getResource()).toList();
	}

	private String hospitalOrganisationId() {
		return operator.search().forResource(org.hl7.fhir.r4.model.Organization.class)
				.where(org.hl7.fhir.r4.model.Organization.IDENTIFIER.exactly().systemAndIdentifier(GodStartIg.SOR_SYSTEM, hospitalSor))
				.returnBundle(Bundle.class).execute().getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless().getValue();
	}

	private static String id(org.hl7.fhir.r4.model.Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}
}
