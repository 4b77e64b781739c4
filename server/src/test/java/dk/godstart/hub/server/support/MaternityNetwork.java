package dk.godstart.hub.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import dk.godstart.hub.profiles.GodStartIg;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The North Jutland network of the cases, built afresh for each scenario through the hub's REST API: Region
 * Nordjylland with its family ambulatory, PLO-Nordjylland with a general practice, Aalborg municipality with its
 * family department, each unit with an endpoint at a real {@link FhirReceiver}. Every run makes new organisations
 * with new identifiers, so scenarios never meet the data of earlier runs; Aalborg's family department of this run
 * replaces any earlier active one, as a real reorganisation would.
 */
public final class MaternityNetwork {

	public static final String ORGANIZATION_TYPE = GodStartIg.CANONICAL + "/CodeSystem/organization-type";
	public static final String MESSAGE_EVENT = GodStartIg.CANONICAL + "/CodeSystem/message-event";
	public static final String AALBORG = "0851";
	/** The organisation claim of Aalborg municipality's systems. */
	public static final String AALBORG_CLAIM = GodStartIg.MUNICIPALITY_CODE_SYSTEM + "|" + AALBORG;

	private final IGenericClient fhir;
	private final BiFunction<String, List<String>, String> tokens;
	private final Function<String, IGenericClient> clients;
	private final FhirContext fhirContext;
	private final FhirReceiver receiver;

	public String gpToken;
	public String familyAmbulatoryToken;
	public String aalborgToken;
	/** The EHR of the general practice (refers, manages the pregnancy). */
	public IGenericClient asGp;
	/** The EHR of the family ambulatory (answers referrals, assesses care levels). */
	public IGenericClient asFamilyAmbulatory;
	/** Aalborg's municipal case system. */
	public IGenericClient asAalborg;

	public Organization region;
	public Organization familyAmbulatory;
	public Organization gpOrganisation;
	public Organization gpPractice;
	public Organization aalborg;
	public Organization aalborgFamilyDepartment;
	public Organization aalborgHealthVisitors;

	/**
	 * @param operator the hub operators' client, which keeps the directory (organisations, endpoints, agreements)
	 * @param tokens makes a token for an organisation ({@code system|value}) with the given scopes
	 * @param clients makes a client that sends a token
	 */
	public MaternityNetwork(IGenericClient operator, BiFunction<String, List<String>, String> tokens,
			Function<String, IGenericClient> clients, FhirContext fhirContext, FhirReceiver receiver) {
		this.fhir = operator;
		this.tokens = tokens;
		this.clients = clients;
		this.fhirContext = fhirContext;
		this.receiver = receiver;
	}

	/** Builds the organisations and their endpoints; no agreement yet. */
	public MaternityNetwork build() {
		retireActiveFamilyDepartments(AALBORG);
		region = create(organization("Region Nordjylland", "region").addIdentifier(
				new org.hl7.fhir.r4.model.Identifier().setSystem(GodStartIg.REGION_SYSTEM).setValue("DK-81")));
		familyAmbulatory = create(addressable(organization("Familieambulatoriet, Aalborg", "family-ambulatory"))
				.setPartOf(reference(region)));
		gpOrganisation = create(organization("PLO-Nordjylland", "gp-organisation"));
		gpPractice = create(addressable(organization("Lægerne på Boulevarden", "general-practice")).setPartOf(reference(gpOrganisation)));
		aalborg = create(municipalityCoded(organization("Aalborg Kommune", "municipality"), AALBORG));
		aalborgFamilyDepartment = create(municipalityCoded(addressable(
				organization("Aalborg Kommune, Familieafdelingen", "municipal-family-department")), AALBORG)
				.setPartOf(reference(aalborg)));
		aalborgHealthVisitors = create(municipalityCoded(addressable(
				organization("Aalborg Kommune, Sundhedsplejen", "health-visitors")), AALBORG).setPartOf(reference(aalborg)));
		aalborgHealthVisitors = withEndpoint(aalborgHealthVisitors, "health-visitors");
		familyAmbulatory = withEndpoint(familyAmbulatory, "family-ambulatory");
		gpPractice = withEndpoint(gpPractice, "gp");
		aalborgFamilyDepartment = withEndpoint(aalborgFamilyDepartment, "aalborg");
		gpToken = tokens.apply(sor(gpPractice), HubTokens.CARE_PROVIDER);
		familyAmbulatoryToken = tokens.apply(sor(familyAmbulatory), HubTokens.CARE_PROVIDER);
		aalborgToken = tokens.apply(GodStartIg.MUNICIPALITY_CODE_SYSTEM + "|" + AALBORG, HubTokens.MUNICIPALITY);
		asGp = clients.apply(gpToken);
		asFamilyAmbulatory = clients.apply(familyAmbulatoryToken);
		asAalborg = clients.apply(aalborgToken);
		return this;
	}

	/** The North Jutland agreement on vulnerable pregnant women, with the terms the referral workflow needs. */
	public Contract signAgreement() {
		return signAgreement(1, "d");
	}

	/** The same, with the referral to reach its recipients within {@code amount} {@code ucumUnit} (s, min, h, d). */
	public Contract signAgreement(int amount, String ucumUnit) {
		Contract agreement = agreementBetween("Samarbejdsaftale om sårbare gravide, Nordjylland (test)", region, aalborg,
				gpOrganisation);
		for (String basis : List.of(TREATMENT, CONSENT)) {
			term(agreement, "referral-created", basis, gpOrganisation, basis.equals(TREATMENT) ? region : aalborg)
					.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/notification-deadline", new org.hl7.fhir.r4.model.Duration()
							.setValue(amount).setSystem("http://unitsofmeasure.org").setCode(ucumUnit).setUnit(ucumUnit));
		}
		for (String answer : List.of("referral-accepted", "referral-rejected", "referral-completed")) {
			term(agreement, answer, TREATMENT, region, gpOrganisation);
			term(agreement, answer, CONSENT, region, aalborg);
		}
		term(agreement, "care-level-changed", CONSENT, region, aalborg);
		for (String stay : List.of("admission", "discharge", "admission-cancelled", "discharge-cancelled",
				"leave-started", "leave-ended", "death")) {
			term(agreement, stay, CONSENT, region, aalborg);
		}
		// the home visit goes to the hospital's or the municipality's health visitors: health professionals
		term(agreement, "postnatal-home-visit", TREATMENT, region, aalborg);
		// a concern reaches the family department on the duty to notify; its answers come back the same way
		term(agreement, "concern-notified", DUTY_TO_NOTIFY, region, aalborg);
		term(agreement, "concern-notified", DUTY_TO_NOTIFY, gpOrganisation, aalborg);
		term(agreement, "concern-received", DUTY_TO_NOTIFY, aalborg, region, gpOrganisation);
		term(agreement, "concern-answered", DUTY_TO_NOTIFY, aalborg, region, gpOrganisation);
		return create(agreement);
	}

	public Organization partner;
	public org.hl7.fhir.r4.model.PractitionerRole ambulatoryMidwife;

	/**
	 * A civil-society partner with its own endpoint joins the agreement, named as a recipient of the GP's referrals on
	 * the basis of her consent: it gets a copy only when a consent of hers covers partners.
	 */
	public Contract partnerJoins(Contract agreement) {
		partner = withEndpoint(create(addressable(organization("Mødrehjælpen (test)", "civil-society-partner"))), "partner");
		agreement.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/agreement-party", reference(partner));
		term(agreement, "referral-created", CONSENT, gpOrganisation, partner);
		return (Contract) fhir.update().resource(agreement).execute().getResource();
	}

	/** A midwife at the family ambulatory's concern for the woman's unborn child, to Aalborg's family department. */
	public ServiceRequest concern(Patient woman) {
		if (ambulatoryMidwife == null) {
			org.hl7.fhir.r4.model.PractitionerRole role = new org.hl7.fhir.r4.model.PractitionerRole();
			role.setActive(true);
			role.setOrganization(reference(familyAmbulatory));
			role.addCode().setText("Midwife");
			ambulatoryMidwife = create(role);
		}
		ServiceRequest concern = example(ServiceRequest.class, "ServiceRequest-janni-concern.json");
		concern.setId((String) null);
		concern.getIdentifierFirstRep().setValue("U-" + UUID.randomUUID());
		concern.setSubject(reference(woman));
		concern.setRequester(reference(ambulatoryMidwife));
		concern.getPerformer().clear();
		concern.addPerformer(reference(aalborgFamilyDepartment));
		return (ServiceRequest) asFamilyAmbulatory.create().resource(concern).execute().getResource();
	}

	/**
	 * Another organisation of the woman's network (a shelter, a crisis centre, a substance treatment centre, a second
	 * GP), addressable, with its endpoint at the receiver under {@code path}, part of {@code partOf} if given.
	 */
	public Organization member(String name, String type, String path, Organization partOf) {
		Organization member = addressable(organization(name, type));
		if (partOf != null) {
			member.setPartOf(reference(partOf));
		}
		return withEndpoint(create(member), path);
	}

	/** A client for a unit by its SOR code, with these scopes. */
	public IGenericClient clientOf(Organization unit, List<String> scopes) {
		return clients.apply(tokens.apply(sor(unit), scopes));
	}

	/**
	 * An agreement among the network's parties on the woman's network: for each of its four events, every party may
	 * tell every other, on her consent, and health-care parties each other for her treatment.
	 */
	public Contract networkAgreement(Organization... parties) {
		Contract agreement = agreementBetween("Samarbejdsaftale om netværket omkring gravide (test)", parties);
		for (String event : List.of("care-team-changed", "care-plan-changed", "care-task-changed", "network-meeting-changed")) {
			for (Organization sender : parties) {
				term(agreement, event, CONSENT, sender, parties);
				term(agreement, event, TREATMENT, sender, parties);
			}
		}
		return create(agreement);
	}

	/**
	 * Her consent, recorded by {@code recordedBy}, to the network's members of these organisation types (and those
	 * named) being told of and shown her network; written by {@code writer}.
	 */
	public Consent networkConsent(Patient woman, Organization recordedBy, IGenericClient writer, List<String> types,
			Organization... named) {
		return networkConsent(woman, reference(woman), recordedBy, writer, types, named);
	}

	/**
	 * The same consent about {@code subject} (her child), given by {@code givenBy} (for a child under 15, the
	 * RelatedPerson recording that the giver holds custody).
	 */
	public Consent networkConsent(Patient subject, Reference givenBy, Organization recordedBy, IGenericClient writer,
			List<String> types, Organization... named) {
		Consent consent = consent(subject, Consent.ConsentState.ACTIVE);
		consent.getPerformer().clear();
		consent.addPerformer(givenBy);
		consent.getOrganization().clear();
		consent.addOrganization(reference(recordedBy));
		for (String type : types) {
			consent.addExtension(GodStartIg.Extensions.CONSENT_RECIPIENT_TYPE,
					new CodeableConcept(new Coding(ORGANIZATION_TYPE, type, null)));
		}
		for (Organization organisation : named) {
			consent.getProvision().addActor()
					.setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null)))
					.setReference(reference(organisation));
		}
		for (String event : List.of("care-team-changed", "care-plan-changed", "care-task-changed", "network-meeting-changed")) {
			consent.getProvision().addCode(new CodeableConcept(new Coding(MESSAGE_EVENT, event, null)));
		}
		consent.getProvision().addPurpose(new Coding(GodStartIg.CANONICAL + "/CodeSystem/disclosure-purpose", "coordinated-care", null));
		return (Consent) writer.create().resource(consent).execute().getResource();
	}

	public Organization residentialUnit;
	public Organization registry;

	/**
	 * A residential treatment unit in the region and the national residential treatment registry, each with its
	 * endpoint at the receiver ("residential-unit", "registry"), and an agreement under which the unit reports
	 * offers, refusals, admissions and discharges to the registry, pseudonymised when {@code pseudonymised}.
	 */
	public Contract residentialTreatment(boolean pseudonymised) {
		residentialUnit = withEndpoint(create(addressable(organization("Behandlingscenter for gravide, Nordjylland",
				"residential-treatment-unit")).setPartOf(reference(region))), "residential-unit");
		registry = withEndpoint(create(addressable(organization("Register for døgnbehandling af gravide", "registry"))),
				"registry");
		Contract agreement = agreementBetween("Indberetning til registeret for døgnbehandling (test)", region, registry);
		for (String event : List.of("residential-offer", "residential-declined", "residential-admission", "residential-discharge")) {
			Contract.TermComponent term = term(agreement, event, pseudonymised ? STATISTICS : CONSENT, region, registry);
			if (pseudonymised) {
				term.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/data-minimisation",
						new org.hl7.fhir.r4.model.CodeType("pseudonymised"));
			}
		}
		return create(agreement);
	}

	/** Ditte, living in Aalborg, with a new CPR number. */
	public Patient ditte() {
		return womanLivingIn(AALBORG);
	}

	/** A woman like Ditte, with a new CPR number, whose home is in the municipality with this code. */
	public Patient womanLivingIn(String municipalityCode) {
		return womanLivingIn(municipalityCode, asGp);
	}

	/** The same, registered by {@code writer} (the EHR that sees her first). */
	public Patient womanLivingIn(String municipalityCode, IGenericClient writer) {
		Patient ditte = example(Patient.class, "Patient-ditte.json");
		ditte.getAddressFirstRep().getExtensionByUrl(GodStartIg.MUNICIPALITY_CODE_EXTENSION)
				.setValue(new CodeableConcept(new Coding(GodStartIg.MUNICIPALITY_CODE_SYSTEM, municipalityCode, null)));
		ditte.setId((String) null);
		ditte.getIdentifierFirstRep().setValue(newWomanCpr());
		ditte.getGeneralPractitioner().clear();
		ditte.addGeneralPractitioner(reference(gpPractice));
		return (Patient) writer.create().resource(ditte).execute().getResource();
	}

	/**
	 * Her GP's referral to the family ambulatory, as the guide's example has it, for this network. With
	 * {@code consentToInformMunicipality} the GP first records her consent to Aalborg's family department being told
	 * ({@link #consentToFamilyDepartment}), and the referral points to it.
	 */
	public ServiceRequest referral(Patient woman, boolean consentToInformMunicipality) {
		ServiceRequest referral = example(ServiceRequest.class, "ServiceRequest-ditte-referral.json");
		referral.setId((String) null);
		referral.getIdentifierFirstRep().setValue("H-" + UUID.randomUUID());
		referral.getExtension().removeIf(e -> e.getUrl().equals(CONSENT_REFERENCE));
		if (consentToInformMunicipality) {
			Consent consent = create(consentToFamilyDepartment(woman));
			referral.addExtension(CONSENT_REFERENCE, reference(consent));
		}
		referral.setSubject(reference(woman));
		referral.setRequester(reference(gpPractice));
		referral.getPerformer().clear();
		referral.addPerformer(reference(familyAmbulatory));
		referral.getSupportingInfo().clear();
		return referral;
	}

	static final String CONSENT_REFERENCE = GodStartIg.CANONICAL + "/StructureDefinition/consent";

	/** Her consent, recorded by her GP, to her municipality's family department being told (every topic, open-ended). */
	public Consent consentToFamilyDepartment(Patient woman) {
		Consent consent = consent(woman, Consent.ConsentState.ACTIVE);
		consent.getProvision().addActor()
				.setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null)))
				.setReference(reference(aalborgFamilyDepartment));
		consent.getProvision().addPurpose(new Coding(GodStartIg.CANONICAL + "/CodeSystem/disclosure-purpose", "family-support", null));
		return consent;
	}

	/** A consent of hers, recorded by her GP, to (or refusing) disclosure; its recipients are the caller's to add. */
	public Consent consent(Patient woman, Consent.ConsentState status) {
		Consent consent = new Consent();
		consent.getMeta().addProfile(GodStartIg.Profiles.CONSENT);
		consent.setStatus(status);
		consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)));
		consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)));
		consent.setPatient(reference(woman));
		consent.setDateTime(new Date());
		consent.addPerformer(reference(woman));
		consent.addOrganization(reference(gpPractice));
		consent.setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
		consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
		consent.getProvision().addAction(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentaction", "disclose", null)));
		return consent;
	}

	/** Her pregnancy, managed by her GP, as the guide's example has it (no care level yet). */
	public EpisodeOfCare pregnancy(Patient woman) {
		EpisodeOfCare pregnancy = example(EpisodeOfCare.class, "EpisodeOfCare-ditte-pregnancy.json");
		pregnancy.setId((String) null);
		pregnancy.getExtension().removeIf(e -> e.getUrl().endsWith("/current-care-level"));
		pregnancy.setPatient(reference(woman));
		pregnancy.setManagingOrganization(reference(gpPractice));
		return create(pregnancy);
	}

	/** A care-level assessment of her pregnancy, made by the family ambulatory. */
	public Observation careLevel(EpisodeOfCare pregnancy, String level) {
		Observation assessment = example(Observation.class, "Observation-ditte-care-level-3.json");
		assessment.setId((String) null);
		assessment.getExtension().get(0).setValue(reference(pregnancy));
		assessment.setSubject(pregnancy.getPatient());
		assessment.getPerformer().clear();
		assessment.addPerformer(reference(familyAmbulatory));
		assessment.getValueCodeableConcept().getCodingFirstRep().setCode(level).setDisplay("Level " + level);
		return assessment;
	}

	/** The family ambulatory's task for a stored referral, in the given state. */
	public Task answer(ServiceRequest storedReferral, Task.TaskStatus status) {
		Task task = example(Task.class, "Task-ditte-referral-task.json");
		task.setId((String) null);
		task.setStatus(status);
		task.setFocus(new Reference("ServiceRequest/" + storedReferral.getIdElement().getIdPart()));
		task.setFor(storedReferral.getSubject());
		task.setRequester(reference(gpPractice));
		task.setOwner(reference(familyAmbulatory));
		return task;
	}

	/**
	 * Stores {@code resource} as the party that writes it in the scenarios: the GP for the woman, her pregnancy and
	 * referrals; the family ambulatory for its answers and care-level assessments; the operators for the directory.
	 */
	public <T extends Resource> T create(T resource) {
		IGenericClient writer = switch (resource.fhirType()) {
			case "Patient", "ServiceRequest", "EpisodeOfCare", "Consent" -> asGp;
			case "Task", "Observation" -> asFamilyAmbulatory;
			default -> fhir;
		};
		MethodOutcome outcome = writer.create().resource(resource).execute();
		@SuppressWarnings("unchecked")
		T stored = (T) outcome.getResource();
		return stored;
	}

	/** The organisation claim ({@code system|value}) for a unit by its SOR code. */
	public static String sor(Organization unit) {
		return GodStartIg.SOR_SYSTEM + "|" + unit.getIdentifier().stream()
				.filter(identifier -> GodStartIg.SOR_SYSTEM.equals(identifier.getSystem()))
				.findFirst().orElseThrow().getValue();
	}

	public static Reference reference(Resource resource) {
		return new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
	}

	/** An agreement in force since yesterday on vulnerable pregnant women between these parties, without terms yet. */
	private static Contract agreementBetween(String title, Organization... parties) {
		Contract agreement = new Contract();
		agreement.getMeta().addProfile(GodStartIg.Profiles.CROSS_SECTOR_AGREEMENT);
		for (Organization party : parties) {
			agreement.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/agreement-party", reference(party));
		}
		agreement.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/agreement-target-group", new CodeableConcept(
				new Coding(GodStartIg.CANONICAL + "/CodeSystem/agreement-target-group", "vulnerable-pregnant-women", null)));
		agreement.addIdentifier().setSystem("http://godstart.dk/fhir/agreements").setValue("test-" + UUID.randomUUID());
		agreement.setStatus(Contract.ContractStatus.EXECUTED);
		agreement.getApplies().setStart(new Date(System.currentTimeMillis() - 86_400_000L));
		agreement.setTitle(title);
		agreement.setTopic(new CodeableConcept(new Coding(GodStartIg.CANONICAL + "/CodeSystem/agreement-topic",
				"vulnerable-pregnant-women", null)));
		return agreement;
	}

	public static final String CONSENT = "consent";
	public static final String TREATMENT = "treatment";
	public static final String DUTY_TO_NOTIFY = "duty-to-notify";
	public static final String STATISTICS = "statistics-pseudonymised";

	private Contract.TermComponent term(Contract agreement, String event, String legalBasis, Organization sender,
			Organization... recipients) {
		Contract.TermComponent term = agreement.addTerm();
		term.setType(new CodeableConcept(new Coding(MESSAGE_EVENT, event, null)));
		term.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/legal-basis", new org.hl7.fhir.r4.model.CodeType(legalBasis));
		term.getOffer().addParty()
				.addReference(reference(sender))
				.setRole(new CodeableConcept(new Coding(GodStartIg.CANONICAL + "/CodeSystem/agreement-term-role", "sender", "Sender")));
		Contract.ContractPartyComponent recipientParty = term.getOffer().addParty()
				.setRole(new CodeableConcept(new Coding(GodStartIg.CANONICAL + "/CodeSystem/agreement-term-role", "recipient", "Recipient")));
		for (Organization recipient : recipients) {
			recipientParty.addReference(reference(recipient));
		}
		return term;
	}

	private Organization withEndpoint(Organization organization, String path) {
		Endpoint endpoint = new Endpoint();
		endpoint.getMeta().addProfile(GodStartIg.Profiles.ENDPOINT);
		endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
		endpoint.setConnectionType(new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "hl7-fhir-msg", null));
		endpoint.setName(organization.getName() + " - FHIR messaging");
		endpoint.setManagingOrganization(reference(organization));
		for (String event : List.of("referral-created", "referral-accepted", "referral-rejected", "referral-completed",
				"referral-cancelled", "care-level-changed", "admission", "discharge", "admission-cancelled",
				"discharge-cancelled", "leave-started", "leave-ended", "death", "postnatal-home-visit", "residential-offer",
				"residential-declined", "residential-admission", "residential-discharge", "concern-notified",
				"concern-received", "concern-answered", "care-team-changed", "care-plan-changed", "care-task-changed",
				"network-meeting-changed")) {
			endpoint.addPayloadType(new CodeableConcept(new Coding(MESSAGE_EVENT, event, null)));
		}
		endpoint.addPayloadMimeType("application/fhir+json");
		endpoint.setAddress(receiver.address(path));
		Endpoint stored = create(endpoint);
		organization.addEndpoint(reference(stored));
		fhir.update().resource(organization).execute();
		return fhir.read().resource(Organization.class).withId(organization.getIdElement().getIdPart()).execute();
	}

	private void retireActiveFamilyDepartments(String municipalityCode) {
		Bundle active = fhir.search().forResource(Organization.class)
				.where(Organization.IDENTIFIER.exactly().systemAndCode(GodStartIg.MUNICIPALITY_CODE_SYSTEM, municipalityCode))
				.and(Organization.ACTIVE.exactly().code("true"))
				.count(200)
				.returnBundle(Bundle.class).execute();
		for (Bundle.BundleEntryComponent entry : active.getEntry()) {
			Organization unit = (Organization) entry.getResource();
			unit.setActive(false);
			fhir.update().resource(unit).execute();
		}
	}

	private static Organization organization(String name, String type) {
		Organization organization = new Organization();
		organization.getMeta().addProfile(GodStartIg.Profiles.ORGANIZATION);
		organization.setActive(true);
		organization.setName(name);
		organization.addType(new CodeableConcept(new Coding(ORGANIZATION_TYPE, type, null)));
		return organization;
	}

	/** SOR and GLN: a unit that receives messages is addressed by them. */
	private static Organization addressable(Organization organization) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		organization.addIdentifier().setSystem(GodStartIg.SOR_SYSTEM).setValue(String.valueOf(random.nextLong(100_000_000_000L, 999_999_999_999L)));
		organization.addIdentifier().setSystem(GodStartIg.GLN_SYSTEM).setValue(String.valueOf(random.nextLong(1_000_000_000_000L, 9_999_999_999_999L)));
		return organization;
	}

	private static Organization municipalityCoded(Organization organization, String code) {
		organization.addIdentifier().setSystem(GodStartIg.MUNICIPALITY_CODE_SYSTEM).setValue(code);
		return organization;
	}

	private <T extends Resource> T example(Class<T> type, String file) {
		return fhirContext.newJsonParser().parseResource(type, GodStartIg.loadPackage().examples().get(file));
	}

	/** Her daughter, born today and registered by {@code writer} (the family ambulatory that follows both). */
	public Patient daughterOf(Patient mother, IGenericClient writer) {
		Patient child = new Patient();
		child.getMeta().addProfile(GodStartIg.Profiles.PATIENT);
		child.addIdentifier().setSystem(GodStartIg.CPR_SYSTEM).setValue(newWomanCpr());
		child.addName().setFamily(mother.getNameFirstRep().getFamily()).addGiven("Pige");
		child.setGender(Enumerations.AdministrativeGender.FEMALE);
		child.setBirthDate(new Date());
		mother.getAddress().forEach(address -> child.addAddress(address.copy()));
		return (Patient) writer.create().resource(child).execute().getResource();
	}

	/** That {@code holder} holds custody of {@code child}, from the birth; recorded by {@code writer}. */
	public RelatedPerson custody(Patient child, Patient holder, IGenericClient writer) {
		RelatedPerson custody = related(child, holder.getNameFirstRep().getNameAsSingleString(),
				GodStartIg.Codes.RelatedPersonRole.CUSTODY_HOLDER);
		custody.addRelationship(new CodeableConcept(new Coding(GodStartIg.V3_ROLE_CODE_SYSTEM, "MTH", null)));
		custody.addIdentifier(holder.getIdentifierFirstRep().copy());
		custody.getPeriod().setStartElement(new DateTimeType(child.getBirthDateElement().getValueAsString()));
		return (RelatedPerson) writer.create().resource(custody).execute().getResource();
	}

	/** Her partner (no custody of anyone); recorded by {@code writer}. */
	public RelatedPerson partner(Patient woman, String name, IGenericClient writer) {
		return (RelatedPerson) writer.create().resource(related(woman, name, GodStartIg.Codes.RelatedPersonRole.PARTNER))
				.execute().getResource();
	}

	private static RelatedPerson related(Patient patient, String name, String role) {
		RelatedPerson person = new RelatedPerson();
		person.getMeta().addProfile(GodStartIg.Profiles.RELATED_PERSON);
		person.setActive(true);
		person.setPatient(reference(patient));
		person.addRelationship(new CodeableConcept(new Coding(GodStartIg.CodeSystems.RELATED_PERSON_ROLE, role, null)));
		person.addName().setText(name);
		return person;
	}

	/** DDMMYY + four digits, the last even (women's CPR numbers). */
	public static String newWomanCpr() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return String.format("%02d%02d%02d%03d%d", random.nextInt(1, 29), random.nextInt(1, 13), random.nextInt(80, 100),
				random.nextInt(0, 1000), random.nextInt(0, 5) * 2);
	}
}
