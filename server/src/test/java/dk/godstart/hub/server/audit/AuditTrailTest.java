package dk.godstart.hub.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.agreements.LegalBasis;
import dk.godstart.hub.routes.delivery.ParkReason;
import dk.godstart.hub.server.security.AccessPolicy;
import dk.godstart.hub.server.security.HubCaller;
import dk.godstart.hub.server.security.Scopes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * What the audit trail records of Ditte's referral, built by {@link AuditTrail} and {@link AuditEvents} without a
 * database: the GP's write of it, the family ambulatory's read of it, a read the hub refused, and the hub's refusal to
 * tell Aalborg about it without a legal basis. An auditor asks "who touched her data, for which organisation, how
 * did it end, and on what basis"; each of those answers is one element of the AuditEvent, checked here.
 */
class AuditTrailTest {

	private static final String GP_SOR = "498361000016003";
	private static final String AMBULATORY_SOR = "1304891000016002";

	/** The records as they would be inserted, and whether with the caller's transaction. */
	private final List<AuditEvent> withTheWrite = new ArrayList<>();
	private final List<AuditEvent> onTheirOwn = new ArrayList<>();

	private final AuditTrail trail = new AuditTrail(new AuditRecords(null, null, FhirContext.forR4Cached()) {
		@Override
		public void recordWithCurrentTransaction(AuditEvent event) {
			withTheWrite.add(event);
		}

		@Override
		public void recordNow(AuditEvent event) {
			onTheirOwn.add(event);
		}
	}, new AccessPolicy(FhirContext.forR4Cached(), null, null, null, null, Clock.systemUTC()));

	private final HubCaller gp = new HubCaller("gp-ehr", GodStartIg.SOR_SYSTEM, GP_SOR, Scopes.of(List.of("system/*.cruds")));
	private final HubCaller ambulatory = new HubCaller("ambulatory-ehr", GodStartIg.SOR_SYSTEM, AMBULATORY_SOR,
			Scopes.of(List.of("system/*.cruds")));

	@Test
	void theGpsReferralOfDitteIsRecordedWithTheWriteAsACreateNamingHer() {
		ServletRequestDetails request = request(gp, RestOperationTypeEnum.CREATE, "ServiceRequest", null);

		trail.writesCommitting(List.of(new AuditTrail.Written(request, dittesReferral(), "create")));

		assertThat(onTheirOwn).isEmpty();
		assertThat(withTheWrite).singleElement().satisfies(event -> {
			assertThat(event.getType().getCode()).isEqualTo("rest");
			assertThat(event.getSubtype()).extracting(Coding::getSystem, Coding::getCode)
					.containsExactly(tuple("http://hl7.org/fhir/restful-interaction", "create"));
			assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
			assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
			assertTheClientAndItsOrganisation(event, "gp-ehr", GodStartIg.SOR_SYSTEM, GP_SOR);
			assertThat(event.getEntity()).extracting(e -> e.getWhat().getReference(), e -> e.getRole().getCode())
					.containsExactly(tuple("ServiceRequest/ditte-referral", "4"), tuple("Patient/ditte", "1"));
			assertThat(event.getPurposeOfEvent()).isEmpty();
		});
	}

	@Test
	void theAmbulatorysReadOfTheReferralIsRecordedBeforeTheAnswerLeavesAndOnlyOnce() {
		ServletRequestDetails request = request(ambulatory, RestOperationTypeEnum.READ, "ServiceRequest", "ditte-referral");

		trail.answered(request, dittesReferral());
		trail.answered(request, dittesReferral());

		assertThat(withTheWrite).isEmpty();
		assertThat(onTheirOwn).singleElement().satisfies(event -> {
			assertThat(event.getType().getCode()).isEqualTo("rest");
			assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("read");
			assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
			assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
			assertTheClientAndItsOrganisation(event, "ambulatory-ehr", GodStartIg.SOR_SYSTEM, AMBULATORY_SOR);
			assertThat(event.getAgentFirstRep().getNetwork().getAddress()).isEqualTo("10.1.2.3");
			assertThat(event.getEntity()).extracting(e -> e.getWhat().getReference())
					.containsExactly("ServiceRequest/ditte-referral", "Patient/ditte");
		});
	}

	@Test
	void aReadTheHubRefusedIsRecordedAsAFailureWithItsStatus() {
		ServletRequestDetails request = request(gp, RestOperationTypeEnum.READ, "ServiceRequest", "someone-elses");

		trail.failed(request, new ForbiddenOperationException("The token's scopes do not allow reading of ServiceRequest."));

		assertThat(onTheirOwn).singleElement().satisfies(event -> {
			assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("read");
			assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
			assertThat(event.getOutcomeDesc()).startsWith("403 ").contains("do not allow reading");
			assertTheClientAndItsOrganisation(event, "gp-ehr", GodStartIg.SOR_SYSTEM, GP_SOR);
			assertThat(event.getEntity()).extracting(e -> e.getWhat().getReference())
					.containsExactly("ServiceRequest/someone-elses");
		});
	}

	@Test
	void theHubsRefusalToTellAalborgWithoutHerConsentIsRecordedWithTheMissingBasisAsItsPurpose() {
		Communication toAalborg = new Communication();
		toAalborg.setId("Communication/to-aalborg");
		toAalborg.setStatus(Communication.CommunicationStatus.ONHOLD);
		toAalborg.setStatusReason(ParkReason.NO_LEGAL_BASIS.concept("Ditte has not consented to Aalborg's family department"));
		toAalborg.setSubject(new Reference("Patient/ditte"));
		toAalborg.addAbout(new Reference("ServiceRequest/ditte-referral"));
		toAalborg.setSender(new Reference("Organization/family-ambulatory"));
		toAalborg.addRecipient(new Reference("Organization/aalborg-family-department"));
		toAalborg.addBasedOn(new Reference("Contract/north-jutland"));
		toAalborg.addExtension(dk.godstart.hub.profiles.GodStartIg.Extensions.LEGAL_BASIS, new CodeType(LegalBasis.CONSENT.code()));

		trail.disclosureRefused(toAalborg);

		assertThat(onTheirOwn).isEmpty();
		assertThat(withTheWrite).as("in the routing transaction").singleElement().satisfies(event -> {
			assertThat(event.getType().getSystem()).isEqualTo("http://dicom.nema.org/resources/ontology/DCM");
			assertThat(event.getType().getCode()).isEqualTo("110106");
			assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("disclosure-refused");
			assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
			assertThat(event.getOutcomeDesc()).isEqualTo("Ditte has not consented to Aalborg's family department");
			assertThat(event.getAgent()).extracting(AuditEventAgentComponent::getRequestor, a -> a.getWho().getReference(),
					a -> a.getWho().getDisplay())
					.containsExactly(tuple(true, null, "GodStart Hub"),
							tuple(false, "Organization/aalborg-family-department", null));
			assertThat(event.getEntity()).extracting(e -> e.getWhat().getReference()).containsExactly(
					"Communication/to-aalborg", "Patient/ditte", "ServiceRequest/ditte-referral", "Contract/north-jutland");
			assertThat(event.getPurposeOfEvent()).singleElement().satisfies(purpose ->
					assertThat(purpose.getCodingFirstRep()).extracting(Coding::getSystem, Coding::getCode)
							.containsExactly(LegalBasis.SYSTEM, "consent"));
		});
	}

	private static void assertTheClientAndItsOrganisation(AuditEvent event, String client, String system, String value) {
		assertThat(event.getAgent()).hasSize(2);
		AuditEventAgentComponent requestor = event.getAgent().get(0);
		assertThat(requestor.getRequestor()).isTrue();
		assertThat(requestor.getWho().getIdentifier().getSystem()).isEqualTo(AuditEvents.CLIENT_SYSTEM);
		assertThat(requestor.getWho().getIdentifier().getValue()).isEqualTo(client);
		AuditEventAgentComponent organisation = event.getAgent().get(1);
		assertThat(organisation.getRequestor()).isFalse();
		assertThat(organisation.getWho().getIdentifier().getSystem()).isEqualTo(system);
		assertThat(organisation.getWho().getIdentifier().getValue()).isEqualTo(value);
		assertThat(organisation.getName()).isEqualTo(system + "|" + value);
	}

	private static ServletRequestDetails request(HubCaller caller, RestOperationTypeEnum operation, String type, String id) {
		MockHttpServletRequest servlet = new MockHttpServletRequest("GET", "/fhir/" + type + (id == null ? "" : "/" + id));
		servlet.setRemoteAddr("10.1.2.3");
		ServletRequestDetails request = new ServletRequestDetails();
		request.setServletRequest(servlet);
		request.setRestOperationType(operation);
		request.setResourceName(type);
		if (id != null) {
			request.setId(new IdType(type, id));
		}
		caller.attachTo(request);
		return request;
	}

	private static ServiceRequest dittesReferral() {
		ServiceRequest referral = new ServiceRequest();
		referral.setId("ServiceRequest/ditte-referral");
		referral.setSubject(new Reference("Patient/ditte"));
		referral.setRequester(new Reference("Organization/gp-practice"));
		referral.addPerformer(new Reference("Organization/family-ambulatory"));
		return referral;
	}
}
