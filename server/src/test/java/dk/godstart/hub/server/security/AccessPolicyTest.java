package dk.godstart.hub.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.delivery.ParkReason;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

/**
 * Who sees and writes what, decided by {@link AccessPolicy} alone: Ditte's referral by her GP to the family ambulatory,
 * the notification about it to Aalborg's family department, and what Aalborg may see through it. The directory, the
 * grants, the agreements and the stored resources are small in-memory stand-ins, so each rule is seen on its own,
 * without a server or a database (WhoSeesWhatIT shows the same through the API).
 */
class AccessPolicyTest {

	private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
	private static final List<String> CARE_PROVIDER = List.of("system/*.cruds");

	private static final String GP_PRACTICE = "gp-practice";
	private static final String AMBULATORY = "family-ambulatory";
	private static final String AALBORG = "aalborg-family-department";
	private static final String ODENSE = "odense-family-department";

	private final HubCaller gp = caller("gp-ehr", GodStartIg.SOR_SYSTEM, "498361000016003", CARE_PROVIDER);
	private final HubCaller ambulatory = caller("ambulatory-ehr", GodStartIg.SOR_SYSTEM, "1304891000016002", CARE_PROVIDER);
	private final HubCaller aalborg = caller("aalborg-case-system", GodStartIg.MUNICIPALITY_CODE_SYSTEM, "0851", CARE_PROVIDER);
	private final HubCaller odense = caller("odense-case-system", GodStartIg.MUNICIPALITY_CODE_SYSTEM, "0461", CARE_PROVIDER);

	/** The directory: the Organization ids each token's organisation covers. */
	private final Map<String, Set<String>> directory = Map.of(
			gp.organisation(), Set.of(GP_PRACTICE),
			ambulatory.organisation(), Set.of(AMBULATORY),
			aalborg.organisation(), Set.of(AALBORG),
			odense.organisation(), Set.of(ODENSE));
	private final List<AccessGrants.Grant> granted = new ArrayList<>();
	private final Map<String, Contract> agreements = new HashMap<>();
	private final Map<String, IBaseResource> stored = new HashMap<>();

	private final AccessPolicy policy = new AccessPolicy(FhirContext.forR4Cached(),
			new CallerOrganisations(null, Duration.ZERO) {
				@Override
				public Set<String> of(HubCaller caller, RequestDetails request) {
					return caller.actsForOrganisation() ? directory.getOrDefault(caller.organisation(), Set.of()) : Set.of();
				}
			},
			new AccessGrants(null) {
				@Override
				public List<String> agreementsGranting(Collection<String> organizationIds, String target) {
					return granted.stream().filter(g -> g.target().equals(target) && organizationIds.contains(g.organizationId()))
							.map(AccessGrants.Grant::agreementId).distinct().toList();
				}
			},
			agreementStore(), id -> {
				IBaseResource resource = stored.get(id.getResourceType() + "/" + id.getIdPart());
				if (resource == null) {
					throw new ResourceNotFoundException(id);
				}
				return resource;
			}, Clock.fixed(NOW, ZoneOffset.UTC));

	// --- Ditte's referral ---------------------------------------------------------------------------------------------

	@Test
	void theGpWhoReferredDitteAndTheAmbulatoryItIsAddressedToSeeTheReferralAndAnotherMunicipalityDoesNot() {
		ServiceRequest referral = dittesReferral();

		assertThat(policy.canSee(gp, request(), referral)).as("the requester").isTrue();
		assertThat(policy.canSee(ambulatory, request(), referral)).as("the performer").isTrue();
		assertThat(policy.canSee(aalborg, request(), referral)).as("not named in it, granted nothing").isFalse();
		assertThat(policy.canSee(odense, request(), referral)).isFalse();
	}

	@Test
	void aGpReferringThroughHerRoleActsForHerPractice() {
		PractitionerRole role = new PractitionerRole();
		role.setId("PractitionerRole/dittes-gp");
		role.setOrganization(org(GP_PRACTICE));
		stored.put("PractitionerRole/dittes-gp", role);
		ServiceRequest referral = dittesReferral();
		referral.setRequester(new Reference("PractitionerRole/dittes-gp"));

		assertThat(policy.participants(referral, false)).containsExactly(GP_PRACTICE);
		assertThat(policy.canSee(gp, request(), referral)).isTrue();

		referral.setRequester(new Reference("PractitionerRole/unknown"));
		assertThat(policy.participants(referral, false)).as("an unknown role acts for nobody").isEmpty();
		assertThat(policy.canSee(gp, request(), referral)).isFalse();
	}

	@Test
	void aalborgSeesTheReferralItWasGrantedOnlyWhileTheAgreementIsInForce() {
		ServiceRequest referral = dittesReferral();
		Contract northJutland = agreement("north-jutland", null);
		granted.add(new AccessGrants.Grant(AALBORG, "ServiceRequest/ditte-referral", "north-jutland"));

		RequestDetails request = request();
		assertThat(policy.canSee(aalborg, request, referral)).isTrue();
		assertThat(AccessPolicy.agreementsUsed(request)).as("for the audit record").containsExactly("north-jutland");
		assertThat(policy.canSee(odense, request(), referral)).as("a grant is for the organisation granted").isFalse();

		northJutland.getApplies().setEnd(Date.from(NOW.minusSeconds(60)));
		RequestDetails afterTheEnd = request();
		assertThat(policy.canSee(aalborg, afterTheEnd, referral)).isFalse();
		assertThat(AccessPolicy.agreementsUsed(afterTheEnd)).isEmpty();
	}

	@Test
	void aGrantForOwnCareNeedsNoAgreementAndAGrantUnderAnUnknownAgreementGivesNothing() {
		ServiceRequest referral = dittesReferral();
		granted.add(new AccessGrants.Grant(AALBORG, "ServiceRequest/ditte-referral", AccessGrants.OWN_CARE));
		granted.add(new AccessGrants.Grant(ODENSE, "ServiceRequest/ditte-referral", "no-such-agreement"));

		assertThat(policy.canSee(aalborg, request(), referral)).isTrue();
		assertThat(policy.canSee(odense, request(), referral)).isFalse();
	}

	@Test
	void patientDataNeedsAnOrganisationTheDirectoryKnowsAndScopesForItsType() {
		ServiceRequest referral = dittesReferral();
		HubCaller noOrganisation = new HubCaller("script", null, null, Scopes.of(CARE_PROVIDER));
		HubCaller unknownPractice = caller("new-gp", GodStartIg.SOR_SYSTEM, "999999999999999", CARE_PROVIDER);
		HubCaller gpWithoutReferralScopes = caller("gp-ehr", GodStartIg.SOR_SYSTEM, "498361000016003",
				List.of("system/Patient.rs"));

		assertThat(policy.canSee(noOrganisation, request(), referral)).isFalse();
		assertThat(policy.canSee(unknownPractice, request(), referral)).isFalse();
		assertThat(policy.canSee(gpWithoutReferralScopes, request(), referral)).as("its own referral, but no scope for it")
				.isFalse();
		assertThat(policy.canSee(gp, request(), referral)).isTrue();
	}

	@Test
	void theAuditTrailIsForAuditorsWhoseTokenNamesAuditEvent() {
		AuditEvent event = new AuditEvent();
		event.setId("AuditEvent/1");
		HubCaller auditor = new HubCaller("auditor", null, null, Scopes.of(List.of("system/AuditEvent.rs")));

		assertThat(AccessPolicy.mayReadTheAuditTrail(gp)).as("system/*.cruds does not reach it").isFalse();
		assertThat(policy.canSee(gp, request(), event)).isFalse();
		assertThat(AccessPolicy.mayReadTheAuditTrail(auditor)).isTrue();
		assertThat(policy.canSee(auditor, request(), event)).isTrue();
	}

	// --- the notification to Aalborg ------------------------------------------------------------------------------

	@Test
	void aalborgSeesTheNotificationItReceivedWhileItsAgreementIsInForceAndTheSenderAlways() {
		Contract northJutland = agreement("north-jutland", null);
		Communication notification = notificationToAalborg(Communication.CommunicationStatus.COMPLETED, null);

		assertThat(policy.agreementsOf(notification)).containsExactly("north-jutland");
		assertThat(policy.canSee(aalborg, request(), notification)).isTrue();

		northJutland.setStatus(Contract.ContractStatus.TERMINATED);
		assertThat(policy.canSee(aalborg, request(), notification)).as("the agreement ended").isFalse();
		assertThat(policy.canSee(ambulatory, request(), notification)).as("its sender").isTrue();
		assertThat(policy.canSee(odense, request(), notification)).isFalse();
	}

	@Test
	void aNotificationHeldBackForWantOfALegalBasisOrAnAgreementIsNotShownToItsRecipient() {
		agreement("north-jutland", null);
		for (ParkReason refusal : List.of(ParkReason.NO_LEGAL_BASIS, ParkReason.NO_AGREEMENT)) {
			Communication parked = notificationToAalborg(Communication.CommunicationStatus.ONHOLD, refusal);

			assertThat(policy.withheldFromItsRecipients(parked)).as(refusal.code()).isTrue();
			assertThat(policy.participants(parked, false)).containsExactly(AMBULATORY);
			assertThat(policy.canSee(aalborg, request(), parked)).as("recipient of one held back: " + refusal.code()).isFalse();
			assertThat(policy.canSee(ambulatory, request(), parked)).as("its sender").isTrue();
		}
	}

	@Test
	void aNotificationWaitingForAnEndpointIsStillTheRecipients() {
		agreement("north-jutland", null);
		Communication waiting = notificationToAalborg(Communication.CommunicationStatus.ONHOLD, ParkReason.NO_ENDPOINT);

		assertThat(policy.withheldFromItsRecipients(waiting)).isFalse();
		assertThat(policy.participants(waiting, true)).containsExactlyInAnyOrder(AMBULATORY, AALBORG);
		assertThat(policy.canSee(aalborg, request(), waiting)).isTrue();
	}

	@Test
	void theNotificationPointsToDittesReferralAndHer() {
		Communication notification = notificationToAalborg(Communication.CommunicationStatus.COMPLETED, null);

		assertThat(policy.referencedPatientData(notification))
				.as("what a grant through it covers; the agreement and organisations are not patient data")
				.containsExactlyInAnyOrder("Patient/ditte", "ServiceRequest/ditte-referral");
	}

	// --- writing --------------------------------------------------------------------------------------------------

	@Test
	void theGpWritesAReferralOnlyWithItsOwnPracticeAsRequester() {
		ServiceRequest own = dittesReferral();
		ServiceRequest inTheAmbulatorysName = dittesReferral();
		inTheAmbulatorysName.setRequester(org(AMBULATORY));

		assertThatCode(() -> policy.checkWrite(gp, request(), own, null, 'c')).doesNotThrowAnyException();
		assertThatThrownBy(() -> policy.checkWrite(gp, request(), inTheAmbulatorysName, null, 'c'))
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("requester");
	}

	@Test
	void anUpdateOfSomethingTheCallerCannotSeeIsAnsweredAsIfItDidNotExist() {
		ServiceRequest dittes = dittesReferral();
		ServiceRequest aalborgsVersion = dittesReferral();
		aalborgsVersion.setRequester(org(AALBORG));

		assertThatThrownBy(() -> policy.checkWrite(aalborg, request(), aalborgsVersion, dittes, 'u'))
				.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void aPracticeTheDirectoryDoesNotKnowWritesNothingAndNobodyWritesTheAuditTrail() {
		HubCaller unknownPractice = caller("new-gp", GodStartIg.SOR_SYSTEM, "999999999999999", CARE_PROVIDER);
		AuditEvent forged = new AuditEvent();
		HubCaller auditor = new HubCaller("auditor", null, null, Scopes.of(List.of("system/AuditEvent.cruds")));

		assertThatThrownBy(() -> policy.checkWrite(unknownPractice, request(), dittesReferral(), null, 'c'))
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("not in the hub's directory");
		assertThatThrownBy(() -> policy.checkWrite(auditor, request(), forged, null, 'c'))
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("written by the hub alone");
	}

	@Test
	void aalborgSubscribesToNotificationsAddressedToItselfOnly() {
		Subscription toAalborg = subscription("Communication?recipient=Organization/" + AALBORG);
		Subscription toAalborgAndOdense = subscription("Communication?recipient=Organization/" + AALBORG
				+ ",Organization/" + ODENSE);
		Subscription toAnyone = subscription("Communication?status=completed");

		assertThat(AccessPolicy.organisationsNamed(toAalborgAndOdense.getCriteria())).containsExactly(AALBORG, ODENSE);
		assertThat(policy.aboutCallersOwnOrganisation(aalborg, request(), toAalborg)).isTrue();
		assertThat(policy.canSee(aalborg, request(), toAalborg)).isTrue();
		assertThat(policy.canSee(odense, request(), toAalborg)).as("someone else's subscription").isFalse();
		assertThatCode(() -> policy.checkWrite(aalborg, request(), toAalborg, null, 'c')).doesNotThrowAnyException();
		assertThatThrownBy(() -> policy.checkWrite(aalborg, request(), toAalborgAndOdense, null, 'c'))
				.isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> policy.checkWrite(aalborg, request(), toAnyone, null, 'c'))
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("these name none");
		assertThatThrownBy(() -> policy.checkWrite(odense, request(), toAalborg, null, 'c'))
				.isInstanceOf(ForbiddenOperationException.class);
	}

	// --- the network ----------------------------------------------------------------------------------------------

	private static HubCaller caller(String client, String system, String value, List<String> scopes) {
		return new HubCaller(client, system, value, Scopes.of(scopes));
	}

	private static RequestDetails request() {
		return new SystemRequestDetails();
	}

	private static Reference org(String id) {
		return new Reference("Organization/" + id);
	}

	private static ServiceRequest dittesReferral() {
		ServiceRequest referral = new ServiceRequest();
		referral.setId("ServiceRequest/ditte-referral");
		referral.setSubject(new Reference("Patient/ditte"));
		referral.setRequester(org(GP_PRACTICE));
		referral.addPerformer(org(AMBULATORY));
		return referral;
	}

	/** From the family ambulatory to Aalborg about Ditte's referral, under the North Jutland agreement. */
	private static Communication notificationToAalborg(Communication.CommunicationStatus status, ParkReason parked) {
		Communication notification = new Communication();
		notification.setId("Communication/to-aalborg");
		notification.setStatus(status);
		if (parked != null) {
			notification.setStatusReason(parked.concept("held back"));
		}
		notification.setSubject(new Reference("Patient/ditte"));
		notification.addAbout(new Reference("ServiceRequest/ditte-referral"));
		notification.setSender(org(AMBULATORY));
		notification.addRecipient(org(AALBORG));
		notification.addBasedOn(new Reference("Contract/north-jutland"));
		return notification;
	}

	private Contract agreement(String id, Date end) {
		Contract contract = new Contract();
		contract.setId("Contract/" + id);
		contract.setStatus(Contract.ContractStatus.EXECUTED);
		contract.getApplies().setStart(Date.from(NOW.minusSeconds(86_400))).setEnd(end);
		agreements.put(id, contract);
		return contract;
	}

	private static Subscription subscription(String criteria) {
		Subscription subscription = new Subscription();
		subscription.setCriteria(criteria);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint("https://case.example/fhir");
		return subscription;
	}

	/** The agreements, read by id as the DAO would; AccessPolicy uses nothing else of it. */
	@SuppressWarnings("unchecked")
	private IFhirResourceDao<Contract> agreementStore() {
		return (IFhirResourceDao<Contract>) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] {IFhirResourceDao.class}, (proxy, method, args) -> {
					if (method.getName().equals("read") && args != null && args.length == 2 && args[0] instanceof IIdType id) {
						Contract contract = agreements.get(id.getIdPart());
						if (contract == null) {
							throw new ResourceNotFoundException(id);
						}
						return contract;
					}
					throw new UnsupportedOperationException("AccessPolicy is not expected to call " + method.getName());
				});
	}
}
