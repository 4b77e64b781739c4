package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.agreements.LegalBasis;
import dk.godstart.hub.routes.delivery.ParkReason;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.DestinationUse;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.routes.routing.RoutingDecision;
import dk.godstart.hub.routes.routing.RoutingException;
import dk.godstart.hub.routes.routing.RoutingPlan;
import dk.godstart.hub.routes.routing.RoutingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routing policy on the North Jutland network of the cases, held in memory: who is told about Ditte's referral,
 * which agreements cover it, and on which legal basis. (The same scenarios run end to end against PostgreSQL in the
 * server's suite.)
 */
class RoutingPolicyTest {

	static final Instant TODAY = Instant.parse("2025-04-07T10:00:00Z");

	final Map<String, Resource> store = new HashMap<>();
	final InMemoryDirectory directory = new InMemoryDirectory();
	final RoutingPolicy policy = new RoutingPolicy(directory, Clock.fixed(TODAY, ZoneOffset.UTC));

	Organization region, ambulatory, plo, practice, aalborg, aalborgFamilies, partner;
	PractitionerRole midwife;
	Patient ditte;

	@BeforeEach
	void northJutland() {
		region = org("region", "Region Nordjylland", "region", null, null);
		ambulatory = org("fa", "Familieambulatoriet", "family-ambulatory", region, "https://fa.example/msg");
		plo = org("plo", "PLO-Nordjylland", "gp-organisation", null, null);
		practice = org("gp", "Lægerne på Boulevarden", "general-practice", plo, "https://gp.example/msg");
		aalborg = org("aalborg", "Aalborg Kommune", "municipality", null, null);
		aalborgFamilies = org("aalborg-families", "Aalborg Familieafdelingen", "municipal-family-department", aalborg,
				"https://aalborg.example/msg");
		aalborgFamilies.addIdentifier().setSystem(GodStartIg.MUNICIPALITY_CODE_SYSTEM).setValue("0851");
		partner = org("partner", "Mødrehjælpen", "civil-society-partner", null, "https://partner.example/msg");
		midwife = new PractitionerRole();
		midwife.setId("PractitionerRole/midwife");
		midwife.setOrganization(ref(ambulatory));
		store.put("PractitionerRole/midwife", midwife);
		ditte = new Patient();
		ditte.setId("Patient/ditte");
		ditte.addAddress().addExtension(GodStartIg.MUNICIPALITY_CODE_EXTENSION,
				new CodeableConcept(new Coding(GodStartIg.MUNICIPALITY_CODE_SYSTEM, "0851", "Aalborg")));
		store.put("Patient/ditte", ditte);
	}

	@Test
	void dittesReferralReachesTheAmbulatoryForHerTreatmentAndAalborgOnHerConsent() {
		Contract agreement = northJutlandAgreement();
		Consent consent = consent("ditte-consents", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(3_600), aalborgFamilies);

		RoutingPlan plan = policy.plan(MessageEvent.REFERRAL_CREATED, referral());

		assertThat(plan.sender().getName()).isEqualTo("Lægerne på Boulevarden");
		assertThat(plan.decisions()).extracting(d -> d.recipient().getName(), RoutingDecision::use, RoutingDecision::deliverable,
				RoutingDecision::legalBasis, RoutingDecision::evidence)
				.containsExactly(
						tuple("Familieambulatoriet", DestinationUse.PRIMARY, true, LegalBasis.TREATMENT, null),
						tuple("Aalborg Familieafdelingen", DestinationUse.CC, true, LegalBasis.CONSENT,
								"Consent/" + consent.getIdElement().getIdPart()));
		assertThat(plan.decisions()).allSatisfy(d -> assertThat(d.agreement()).isSameAs(agreement));
		assertThat(plan.decisions().get(1).endpoint().getAddress()).isEqualTo("https://aalborg.example/msg");
	}

	@Test
	void withoutHerConsentAalborgsCopyIsParkedForWantOfALegalBasis() {
		northJutlandAgreement();
		List<RoutingDecision> decisions = policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions();
		assertThat(decisions).hasSize(2);
		assertThat(decisions.get(0).deliverable()).isTrue();
		assertThat(decisions.get(1).parkReason()).isEqualTo(ParkReason.NO_LEGAL_BASIS);
		assertThat(decisions.get(1).legalBasis()).isEqualTo(LegalBasis.CONSENT);
		assertThat(decisions.get(1).explanation()).contains("no consent by her in force covers").contains("Aalborg Familieafdelingen")
				.contains("referral-created");
		assertThat(decisions.get(1).endpoint()).isNull();
	}

	@Test
	void dittesConsentToHerFamilyDepartmentIsNoConsentToThePartner() {
		northJutlandAgreement(partner);
		consent("ditte-consents", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(3_600), aalborgFamilies);
		Consent refusal = consentToType("ditte-refuses-partner", Consent.ConsentState.REJECTED, TODAY.minusSeconds(3_000),
				"civil-society-partner");

		List<RoutingDecision> decisions = policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions();

		assertThat(decisions).extracting(d -> d.recipient().getName(), RoutingDecision::parkReason).containsExactly(
				tuple("Familieambulatoriet", null), tuple("Aalborg Familieafdelingen", null),
				tuple("Mødrehjælpen", ParkReason.NO_LEGAL_BASIS));
		assertThat(decisions.get(2).explanation()).contains("she declined").contains("Consent/" + refusal.getIdElement().getIdPart());
	}

	@Test
	void thePartnerGetsACopyOnlyWithAConsentThatNamesPartners() {
		northJutlandAgreement(partner);
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions())
				.filteredOn(d -> d.recipient() == partner).singleElement()
				.satisfies(d -> assertThat(d.parkReason()).isEqualTo(ParkReason.NO_LEGAL_BASIS));

		consentToType("ditte-consents-to-partners", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(60), "civil-society-partner");

		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions())
				.filteredOn(d -> d.recipient() == partner).singleElement()
				.satisfies(d -> assertThat(d.deliverable()).isTrue());
	}

	@Test
	void afterSheWithdrawsHerConsentTheNextEventReachesNobodyOnIt() {
		northJutlandAgreement();
		Consent consent = consent("ditte-consents", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(7_200), aalborgFamilies);
		consent.setStatus(Consent.ConsentState.INACTIVE).setDateTime(Date.from(TODAY.minusSeconds(60)));

		List<RoutingDecision> decisions = policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions();

		assertThat(decisions.get(1).parkReason()).isEqualTo(ParkReason.NO_LEGAL_BASIS);
		assertThat(decisions.get(1).explanation()).contains("she withdrew");
	}

	@Test
	void aConsentSpeaksOnlyWithinItsPeriodAndForItsTopics() {
		northJutlandAgreement();
		Consent consent = consent("ditte-consents", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(400L * 86_400), aalborgFamilies);
		consent.getProvision().getPeriod().setStart(Date.from(TODAY.minusSeconds(400L * 86_400)))
				.setEnd(Date.from(TODAY.minusSeconds(30L * 86_400)));
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions().get(1).parkReason())
				.isEqualTo(ParkReason.NO_LEGAL_BASIS);

		consent.getProvision().getPeriod().setEnd(null);
		consent.getProvision().addCode(new CodeableConcept(MessageEvent.DISCHARGE.coding()));
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions().get(1).parkReason())
				.isEqualTo(ParkReason.NO_LEGAL_BASIS);

		consent.getProvision().addCode(new CodeableConcept(MessageEvent.REFERRAL_CREATED.coding()));
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions().get(1).deliverable()).isTrue();
	}

	@Test
	void aConsentToTheMunicipalityCoversItsFamilyDepartment() {
		northJutlandAgreement();
		consent("ditte-consents", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(60), aalborg);
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions().get(1).deliverable()).isTrue();
	}

	@Test
	void treatmentIsABasisBetweenHealthProfessionalsOnly() {
		Contract agreement = agreement(Contract.ContractStatus.EXECUTED, null, plo, region, aalborg);
		term(agreement, MessageEvent.REFERRAL_CREATED, LegalBasis.TREATMENT, plo, region, aalborg);

		List<RoutingDecision> decisions = policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions();

		assertThat(decisions.get(0).deliverable()).isTrue();
		assertThat(decisions.get(1).parkReason()).isEqualTo(ParkReason.NO_LEGAL_BASIS);
		assertThat(decisions.get(1).explanation()).contains("not a health-care organisation");
	}

	@Test
	void theDutyToNotifyCoversConcernsAndNothingElse() {
		Contract agreement = agreement(Contract.ContractStatus.EXECUTED, null, plo, region, aalborg);
		term(agreement, MessageEvent.REFERRAL_CREATED, LegalBasis.DUTY_TO_NOTIFY, plo, region, aalborg);
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions())
				.hasSize(2)
				.allSatisfy(d -> assertThat(d.explanation()).contains("duty-to-notify"));
	}

	@Test
	void aTermWithoutALegalBasisAllowsNothing() {
		Contract agreement = agreement(Contract.ContractStatus.EXECUTED, null, plo, region, aalborg);
		term(agreement, MessageEvent.REFERRAL_CREATED, null, plo, region, aalborg);
		consent("ditte-consents", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(60), aalborgFamilies);
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions())
				.hasSize(2)
				.allSatisfy(d -> assertThat(d.parkReason()).isEqualTo(ParkReason.NO_LEGAL_BASIS));
	}

	@Test
	void aMidwifesConcernForJannisChildReachesAalborgWithoutAnyConsent() {
		northJutlandAgreement(partner);
		consentToType("refuses-everyone", Consent.ConsentState.REJECTED, TODAY.minusSeconds(60), "municipal-family-department");

		RoutingPlan plan = policy.plan(MessageEvent.CONCERN_NOTIFIED, concern());

		assertThat(plan.sender()).isSameAs(ambulatory);
		assertThat(plan.decisions()).singleElement().satisfies(d -> {
			assertThat(d.recipient()).isSameAs(aalborgFamilies);
			assertThat(d.use()).isEqualTo(DestinationUse.PRIMARY);
			assertThat(d.deliverable()).isTrue();
			assertThat(d.legalBasis()).isEqualTo(LegalBasis.DUTY_TO_NOTIFY);
			assertThat(d.evidence()).isEqualTo("ServiceRequest/janni-concern");
		});
	}

	@Test
	void aConcernAddressedToAnythingButAFamilyDepartmentIsNotSentOnTheDuty() {
		northJutlandAgreement();
		ServiceRequest concern = concern();
		concern.getPerformer().clear();
		concern.addPerformer(ref(practice));
		Contract agreement = agreement(Contract.ContractStatus.EXECUTED, null, region, plo);
		term(agreement, MessageEvent.CONCERN_NOTIFIED, LegalBasis.DUTY_TO_NOTIFY, region, plo);

		assertThat(policy.plan(MessageEvent.CONCERN_NOTIFIED, concern).decisions()).singleElement()
				.satisfies(d -> assertThat(d.explanation()).contains("family department"));
	}

	@Test
	void aalborgsAnswerToTheConcernGoesBackToTheNotifier() {
		northJutlandAgreement();
		store.put("ServiceRequest/janni-concern", concern());
		Task received = new Task();
		received.setId("Task/janni-concern-received");
		received.setStatus(Task.TaskStatus.RECEIVED);
		received.setFocus(new Reference("ServiceRequest/janni-concern"));
		received.setOwner(ref(aalborgFamilies));

		RoutingPlan plan = policy.plan(MessageEvent.CONCERN_RECEIVED, received);

		assertThat(plan.decisions()).singleElement().satisfies(d -> {
			assertThat(d.recipient()).isSameAs(ambulatory);
			assertThat(d.deliverable()).isTrue();
			assertThat(d.legalBasis()).isEqualTo(LegalBasis.DUTY_TO_NOTIFY);
		});
	}

	@Test
	void aLevelThreePregnancysHospitalStayReachesNoMunicipality() {
		northJutlandAgreement();
		Contract stays = agreement(Contract.ContractStatus.EXECUTED, null, region, aalborg);
		term(stays, MessageEvent.ADMISSION, LegalBasis.CONSENT, region, aalborg);
		Encounter stay = new Encounter();
		stay.setId("Encounter/ditte-stay");
		stay.setSubject(new Reference("Patient/ditte"));
		stay.setServiceProvider(ref(ambulatory));

		assertThat(policy.plan(MessageEvent.ADMISSION, stay).decisions()).isEmpty();

		ServiceRequest referral = referral();
		referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		store.put("ServiceRequest/ditte-referral", referral);
		assertThat(policy.plan(MessageEvent.ADMISSION, stay).decisions()).singleElement()
				.satisfies(d -> assertThat(d.parkReason()).isEqualTo(ParkReason.NO_LEGAL_BASIS));
	}

	@Test
	void theTermsDeadlineTravelsWithTheDecision() {
		Contract agreement = northJutlandAgreement();
		consent("ditte-consents", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(60), aalborgFamilies);
		agreement.getTerm().forEach(term -> term.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/notification-deadline",
				new org.hl7.fhir.r4.model.Duration().setValue(24).setSystem("http://unitsofmeasure.org").setCode("h")));

		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions())
				.hasSize(2)
				.allSatisfy(decision -> assertThat(decision.deadline()).isEqualTo(java.time.Duration.ofHours(24)));
	}

	@Test
	void anAgreementThatHasEndedOrIsOnlyADraftAllowsNothing() {
		Contract ended = agreement(Contract.ContractStatus.EXECUTED, Date.from(TODAY.minusSeconds(86_400)), plo, region, aalborg);
		term(ended, MessageEvent.REFERRAL_CREATED, LegalBasis.TREATMENT, plo, region);
		Contract draft = agreement(Contract.ContractStatus.OFFERED, null, plo, region, aalborg);
		term(draft, MessageEvent.REFERRAL_CREATED, LegalBasis.TREATMENT, plo, region);

		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions()).hasSize(2).allSatisfy(decision -> {
			assertThat(decision.parkReason()).isEqualTo(ParkReason.NO_AGREEMENT);
			assertThat(decision.explanation()).contains("referral-created").contains("Lægerne på Boulevarden");
		});
	}

	@Test
	void anAgreementCoveringOnlyTheAmbulatoryParksAalborgsCopy() {
		Contract agreement = agreement(Contract.ContractStatus.EXECUTED, null, plo, region);
		term(agreement, MessageEvent.REFERRAL_CREATED, LegalBasis.TREATMENT, plo, region);
		consent("ditte-consents", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(60), aalborgFamilies);
		List<RoutingDecision> decisions = policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions();
		assertThat(decisions.get(0).deliverable()).isTrue();
		assertThat(decisions.get(1).parkReason()).isEqualTo(ParkReason.NO_AGREEMENT);
	}

	@Test
	void aRecipientWithoutAnEndpointIsParkedForAPerson() {
		northJutlandAgreement();
		consent("ditte-consents", Consent.ConsentState.ACTIVE, TODAY.minusSeconds(60), aalborgFamilies);
		aalborgFamilies.getEndpoint().clear();
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral()).decisions().get(1).parkReason())
				.isEqualTo(ParkReason.NO_ENDPOINT);
	}

	@Test
	void aReferralFromAnUnknownRequesterCannotBeRouted() {
		ServiceRequest referral = referral();
		referral.setRequester(new Reference("Organization/nobody"));
		assertThatThrownBy(() -> policy.plan(MessageEvent.REFERRAL_CREATED, referral))
				.isInstanceOf(RoutingException.class).hasMessageContaining("requester");
	}

	private ServiceRequest referral() {
		ServiceRequest referral = new ServiceRequest();
		referral.setId("ServiceRequest/ditte-referral");
		referral.setCode(new CodeableConcept(new Coding("http://godstart.dk/fhir/CodeSystem/hub-service-type", "family-ambulatory", null)));
		referral.setSubject(new Reference("Patient/ditte"));
		referral.setRequester(new Reference("Organization/gp"));
		referral.addPerformer(new Reference("Organization/fa"));
		return referral;
	}

	private ServiceRequest concern() {
		ServiceRequest concern = new ServiceRequest();
		concern.setId("ServiceRequest/janni-concern");
		concern.setCode(new CodeableConcept(new Coding("http://godstart.dk/fhir/CodeSystem/hub-service-type", "concern-notification", null)));
		concern.setSubject(new Reference("Patient/ditte"));
		concern.setRequester(new Reference("PractitionerRole/midwife"));
		concern.addPerformer(ref(aalborgFamilies));
		return concern;
	}

	/**
	 * The North Jutland agreement as the guide has it: the GP's referral to the region for her treatment, to the
	 * municipality (and {@code others}) on her consent; concerns from the region to the municipality on the duty.
	 */
	private Contract northJutlandAgreement(Organization... others) {
		List<Organization> parties = new ArrayList<>(List.of(region, aalborg));
		parties.addAll(List.of(others));
		Contract agreement = agreement(Contract.ContractStatus.EXECUTED, null, plo, parties.toArray(Organization[]::new));
		term(agreement, MessageEvent.REFERRAL_CREATED, LegalBasis.TREATMENT, plo, region);
		List<Organization> onConsent = new ArrayList<>(List.of(aalborg));
		onConsent.addAll(List.of(others));
		term(agreement, MessageEvent.REFERRAL_CREATED, LegalBasis.CONSENT, plo, onConsent.toArray(Organization[]::new));
		term(agreement, MessageEvent.CONCERN_NOTIFIED, LegalBasis.DUTY_TO_NOTIFY, region, aalborg);
		term(agreement, MessageEvent.CONCERN_RECEIVED, LegalBasis.DUTY_TO_NOTIFY, aalborg, region);
		return agreement;
	}

	/** An agreement in force since a year ago (or ended at {@code end}) between these parties, without terms. */
	private Contract agreement(Contract.ContractStatus status, Date end, Organization first, Organization... others) {
		Contract agreement = new Contract();
		agreement.setId("Contract/agreement-" + store.size());
		agreement.setStatus(status);
		agreement.getApplies().setStart(Date.from(TODAY.minusSeconds(365L * 86_400))).setEnd(end);
		List<Organization> parties = new ArrayList<>(List.of(others));
		parties.add(0, first);
		parties.forEach(p -> agreement.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/agreement-party", ref(p)));
		store.put(agreement.getIdElement().getValue(), agreement);
		return agreement;
	}

	private static void term(Contract agreement, MessageEvent event, LegalBasis basis, Organization sender,
			Organization... recipients) {
		Contract.TermComponent term = agreement.addTerm();
		term.setType(new CodeableConcept(event.coding()));
		if (basis != null) {
			term.addExtension(GodStartIg.Extensions.LEGAL_BASIS, new org.hl7.fhir.r4.model.CodeType(basis.code()));
		}
		term.getOffer().addParty().addReference(ref(sender)).setRole(role("sender"));
		Contract.ContractPartyComponent to = term.getOffer().addParty().setRole(role("recipient"));
		for (Organization recipient : recipients) {
			to.addReference(ref(recipient));
		}
	}

	private Consent consent(String id, Consent.ConsentState status, Instant at, Organization recipient) {
		Consent consent = consentBase(id, status, at);
		consent.getProvision().addActor()
				.setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null)))
				.setReference(ref(recipient));
		return consent;
	}

	private Consent consentToType(String id, Consent.ConsentState status, Instant at, String organisationType) {
		Consent consent = consentBase(id, status, at);
		consent.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/consent-recipient-type",
				new CodeableConcept(new Coding(GodStartIg.CANONICAL + "/CodeSystem/organization-type", organisationType, null)));
		return consent;
	}

	private Consent consentBase(String id, Consent.ConsentState status, Instant at) {
		Consent consent = new Consent();
		consent.setId("Consent/" + id);
		consent.setStatus(status);
		consent.setPatient(new Reference("Patient/ditte"));
		consent.addPerformer(new Reference("Patient/ditte")); // she gives it herself
		consent.setDateTime(Date.from(at));
		consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
		store.put("Consent/" + id, consent);
		return consent;
	}

	private Organization org(String id, String name, String type, Organization partOf, String endpointAddress) {
		Organization organization = new Organization();
		organization.setId("Organization/" + id);
		organization.setName(name).setActive(true);
		organization.addType(new CodeableConcept(new Coding(GodStartIg.CANONICAL + "/CodeSystem/organization-type", type, null)));
		if (partOf != null) {
			organization.setPartOf(ref(partOf));
		}
		if (endpointAddress != null) {
			Endpoint endpoint = new Endpoint();
			endpoint.setId("Endpoint/" + id);
			endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
			endpoint.setConnectionType(new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "hl7-fhir-msg", null));
			endpoint.setAddress(endpointAddress);
			store.put("Endpoint/" + id, endpoint);
			organization.addEndpoint(new Reference("Endpoint/" + id));
		}
		store.put("Organization/" + id, organization);
		return organization;
	}

	private static Reference ref(Organization organization) {
		return new Reference(organization.getIdElement().getValue());
	}

	private static CodeableConcept role(String code) {
		return new CodeableConcept(new Coding(GodStartIg.CANONICAL + "/CodeSystem/agreement-term-role", code, null));
	}

	/** The directory as a map; the JPA implementation answers the same questions with searches. */
	class InMemoryDirectory implements HubDirectory {
		@Override
		public <T extends Resource> Optional<T> read(IIdType id, Class<T> type) {
			Resource resource = store.get(id.getResourceType() + "/" + id.getIdPart());
			return type.isInstance(resource) ? Optional.of(type.cast(resource)) : Optional.empty();
		}

		@Override
		public List<Organization> municipalUnits(String municipalityCode, String typeCode) {
			return store.values().stream().filter(Organization.class::isInstance).map(Organization.class::cast)
					.filter(o -> o.getIdentifier().stream().anyMatch(i -> municipalityCode.equals(i.getValue())))
					.filter(o -> o.getType().stream().anyMatch(t -> t.getCodingFirstRep().getCode().equals(typeCode)))
					.toList();
		}

		@Override
		public List<Contract> bindingAgreements() {
			return store.values().stream().filter(Contract.class::isInstance).map(Contract.class::cast)
					.filter(c -> c.getStatus() == Contract.ContractStatus.EXECUTED).toList();
		}

		@Override
		public <T extends Resource> List<T> byIdentifier(Class<T> type, String system, String value) {
			return store.values().stream().filter(type::isInstance).map(type::cast)
					.filter(r -> r.getNamedProperty("identifier").getValues().stream()
							.map(org.hl7.fhir.r4.model.Identifier.class::cast)
							.anyMatch(i -> system.equals(i.getSystem()) && value.equals(i.getValue())))
					.toList();
		}

		@Override
		public boolean consentsChangedSince(IIdType patient, Instant since) {
			return true;
		}

		@Override
		public List<Consent> consentsAbout(IIdType patient) {
			return store.values().stream().filter(Consent.class::isInstance).map(Consent.class::cast)
					.filter(c -> c.getPatient().getReference().equals(patient.getResourceType() + "/" + patient.getIdPart()))
					.toList();
		}

		@Override
		public List<ServiceRequest> referralsAbout(IIdType patient) {
			return store.values().stream().filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast)
					.filter(r -> r.getSubject().getReference().equals(patient.getResourceType() + "/" + patient.getIdPart()))
					.toList();
		}

		@Override
		public List<org.hl7.fhir.r4.model.RelatedPerson> custodyHoldersOf(IIdType patient) {
			return store.values().stream().filter(org.hl7.fhir.r4.model.RelatedPerson.class::isInstance)
					.map(org.hl7.fhir.r4.model.RelatedPerson.class::cast)
					.filter(p -> p.getPatient().getReference().equals(patient.getResourceType() + "/" + patient.getIdPart()))
					.toList();
		}

		@Override
		public List<org.hl7.fhir.r4.model.CareTeam> careTeamsAbout(IIdType patient) {
			return store.values().stream().filter(org.hl7.fhir.r4.model.CareTeam.class::isInstance)
					.map(org.hl7.fhir.r4.model.CareTeam.class::cast)
					.filter(t -> t.getSubject().getReference().equals(patient.getResourceType() + "/" + patient.getIdPart()))
					.toList();
		}
	}
}
