package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.DestinationUse;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.routes.routing.ParkReason;
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
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routing policy on the North Jutland network of the cases, held in memory: who is told about Ditte's referral,
 * and which agreements allow it. (The same scenarios run end to end against PostgreSQL in the server's suite.)
 */
class RoutingPolicyTest {

	static final Instant TODAY = Instant.parse("2025-04-07T10:00:00Z");

	final Map<String, Resource> store = new HashMap<>();
	final InMemoryDirectory directory = new InMemoryDirectory();
	final RoutingPolicy policy = new RoutingPolicy(directory, Clock.fixed(TODAY, ZoneOffset.UTC));

	Organization region, ambulatory, plo, practice, aalborg, aalborgFamilies, partner;
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
		ditte = new Patient();
		ditte.setId("Patient/ditte");
		ditte.addAddress().addExtension(GodStartIg.MUNICIPALITY_CODE_EXTENSION,
				new CodeableConcept(new Coding(GodStartIg.MUNICIPALITY_CODE_SYSTEM, "0851", "Aalborg")));
		store.put("Patient/ditte", ditte);
	}

	@Test
	void dittesReferralGoesToTheAmbulatoryAndWithHerConsentToAalborg() {
		Contract agreement = agreement(Contract.ContractStatus.EXECUTED, null, plo, region, aalborg);

		RoutingPlan plan = policy.plan(MessageEvent.REFERRAL_CREATED, referral(true));

		assertThat(plan.sender().getName()).isEqualTo("Lægerne på Boulevarden");
		assertThat(plan.decisions()).extracting(d -> d.recipient().getName(), RoutingDecision::use, RoutingDecision::deliverable)
				.containsExactly(
						org.assertj.core.groups.Tuple.tuple("Familieambulatoriet", DestinationUse.PRIMARY, true),
						org.assertj.core.groups.Tuple.tuple("Aalborg Familieafdelingen", DestinationUse.CC, true));
		assertThat(plan.decisions()).allSatisfy(d -> assertThat(d.agreement()).isSameAs(agreement));
		assertThat(plan.decisions().get(1).endpoint().getAddress()).isEqualTo("https://aalborg.example/msg");
	}

	@Test
	void theTermsDeadlineTravelsWithTheDecision() {
		Contract agreement = agreement(Contract.ContractStatus.EXECUTED, null, plo, region, aalborg);
		agreement.getTermFirstRep().addExtension(GodStartIg.CANONICAL + "/StructureDefinition/notification-deadline",
				new org.hl7.fhir.r4.model.Duration().setValue(24).setSystem("http://unitsofmeasure.org").setCode("h"));

		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral(true)).decisions())
				.allSatisfy(decision -> assertThat(decision.deadline()).isEqualTo(java.time.Duration.ofHours(24)));
	}

	@Test
	void withoutConsentTheMunicipalityIsLeftOut() {
		agreement(Contract.ContractStatus.EXECUTED, null, plo, region, aalborg);
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral(false)).decisions())
				.extracting(d -> d.recipient().getName()).containsExactly("Familieambulatoriet");
	}

	@Test
	void anAgreementThatHasEndedOrIsOnlyADraftAllowsNothing() {
		agreement(Contract.ContractStatus.EXECUTED, Date.from(TODAY.minusSeconds(86_400)), plo, region, aalborg);
		agreement(Contract.ContractStatus.OFFERED, null, plo, region, aalborg);

		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral(true)).decisions()).allSatisfy(decision -> {
			assertThat(decision.parkReason()).isEqualTo(ParkReason.NO_AGREEMENT);
			assertThat(decision.explanation()).contains("referral-created").contains("Lægerne på Boulevarden");
		});
	}

	@Test
	void anAgreementCoveringOnlyTheAmbulatoryParksAalborgsCopy() {
		agreement(Contract.ContractStatus.EXECUTED, null, plo, region);
		List<RoutingDecision> decisions = policy.plan(MessageEvent.REFERRAL_CREATED, referral(true)).decisions();
		assertThat(decisions.get(0).deliverable()).isTrue();
		assertThat(decisions.get(1).parkReason()).isEqualTo(ParkReason.NO_AGREEMENT);
	}

	@Test
	void aRecipientWithoutAnEndpointIsParkedForAPerson() {
		agreement(Contract.ContractStatus.EXECUTED, null, plo, region, aalborg);
		aalborgFamilies.getEndpoint().clear();
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral(true)).decisions().get(1).parkReason())
				.isEqualTo(ParkReason.NO_ENDPOINT);
	}

	@Test
	void aPartnerNamedInTheAgreementWithItsOwnEndpointGetsACopy() {
		agreement(Contract.ContractStatus.EXECUTED, null, plo, region, aalborg, partner);
		assertThat(policy.plan(MessageEvent.REFERRAL_CREATED, referral(false)).decisions())
				.extracting(d -> d.recipient().getName(), RoutingDecision::use)
				.containsExactly(
						org.assertj.core.groups.Tuple.tuple("Familieambulatoriet", DestinationUse.PRIMARY),
						org.assertj.core.groups.Tuple.tuple("Mødrehjælpen", DestinationUse.CC));
	}

	@Test
	void aReferralFromAnUnknownRequesterCannotBeRouted() {
		ServiceRequest referral = referral(true);
		referral.setRequester(new Reference("Organization/nobody"));
		assertThatThrownBy(() -> policy.plan(MessageEvent.REFERRAL_CREATED, referral))
				.isInstanceOf(RoutingException.class).hasMessageContaining("requester");
	}

	private ServiceRequest referral(boolean consent) {
		ServiceRequest referral = new ServiceRequest();
		referral.setId("ServiceRequest/ditte-referral");
		referral.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/consent-to-inform-municipality", new BooleanType(consent));
		referral.setSubject(new Reference("Patient/ditte"));
		referral.setRequester(new Reference("Organization/gp"));
		referral.addPerformer(new Reference("Organization/fa"));
		return referral;
	}

	/** An agreement whose parties are {@code sender} and {@code recipients}, with one referral-created term between them. */
	private Contract agreement(Contract.ContractStatus status, Date end, Organization sender, Organization... recipients) {
		Contract agreement = new Contract();
		agreement.setId("Contract/agreement-" + store.size());
		agreement.setStatus(status);
		agreement.getApplies().setStart(Date.from(TODAY.minusSeconds(365L * 86_400))).setEnd(end);
		List<Organization> parties = new ArrayList<>(List.of(recipients));
		parties.add(0, sender);
		parties.forEach(p -> agreement.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/agreement-party", ref(p)));
		Contract.TermComponent term = agreement.addTerm();
		term.setType(new CodeableConcept(new Coding(MessageEvent.SYSTEM, "referral-created", null)));
		term.getOffer().addParty().addReference(ref(sender)).setRole(role("sender"));
		Contract.ContractPartyComponent to = term.getOffer().addParty().setRole(role("recipient"));
		for (Organization recipient : recipients) {
			to.addReference(ref(recipient));
		}
		store.put(agreement.getIdElement().getValue(), agreement);
		return agreement;
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
		public List<ServiceRequest> referralsAbout(IIdType patient) {
			return List.of();
		}
	}
}
