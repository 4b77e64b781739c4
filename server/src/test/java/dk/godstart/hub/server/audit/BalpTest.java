package dk.godstart.hub.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.security.HubCaller;
import dk.godstart.hub.server.security.Scopes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

/**
 * The hub's audit records rendered as IHE BALP AuditEvents, one pattern at a time. BALP's StructureDefinitions are
 * not available offline, so this checks, as assertions, what the BALP basic profiles require: the profile claim,
 * type {@code rest}, the restful-interaction subtype, the action of the pattern, recorded, outcome, the client (Source
 * Role ID, identified by its client id, with its network address) and the server (Destination Role ID) agents, the
 * data entity (role 4), the patient entity (role 1, a Patient reference) for the {@code Patient*} patterns, and the
 * query entity (role 24, the search as base64) for queries; plus what the hub adds (the organisation, the agreement).
 */
class BalpTest {

	private static final String GP_SOR = "498361000016003";
	private final HubCaller gp = new HubCaller("gp-ehr", GodStartIg.SOR_SYSTEM, GP_SOR, Scopes.of(List.of("system/*.cruds")));

	@Test
	void aCreateOfDittesReferralIsAPatientCreate() {
		AuditEvent event = rendered("create", AuditEventAction.C, List.of("ServiceRequest/ditte-referral", "Patient/ditte"), null);

		assertThePattern(event, BalpProfileEnum.PATIENT_CREATE, "create");
		assertThat(data(event)).isEqualTo("ServiceRequest/ditte-referral");
		assertThat(patient(event)).isEqualTo("Patient/ditte");
	}

	@Test
	void aCreateOfNoWomansDataIsABasicCreate() {
		AuditEvent event = rendered("create", AuditEventAction.C, List.of("HealthcareService/places"), null);

		assertThePattern(event, BalpProfileEnum.BASIC_CREATE, "create");
		assertThat(data(event)).isEqualTo("HealthcareService/places");
		assertThat(patientEntities(event)).isEmpty();
	}

	@Test
	void readsAreReadsAndAReadOfHerOwnRecordNamesItAsDataAndPatient() {
		assertThePattern(rendered("read", AuditEventAction.R, List.of("ServiceRequest/ditte-referral", "Patient/ditte"), null),
				BalpProfileEnum.PATIENT_READ, "read");
		assertThePattern(rendered("vread", AuditEventAction.R, List.of("Contract/north-jutland"), null),
				BalpProfileEnum.BASIC_READ, "vread");

		AuditEvent herRecord = rendered("read", AuditEventAction.R, List.of("Patient/ditte"), null);
		assertThePattern(herRecord, BalpProfileEnum.PATIENT_READ, "read");
		assertThat(data(herRecord)).isEqualTo("Patient/ditte");
		assertThat(patient(herRecord)).isEqualTo("Patient/ditte");
	}

	@Test
	void updatesAndPatchesAreUpdatesAndDeletesDeletes() {
		assertThePattern(rendered("update", AuditEventAction.U, List.of("ServiceRequest/ditte-referral", "Patient/ditte"), null),
				BalpProfileEnum.PATIENT_UPDATE, "update");
		assertThePattern(rendered("patch", AuditEventAction.U, List.of("Contract/north-jutland"), null),
				BalpProfileEnum.BASIC_UPDATE, "patch");
		assertThePattern(rendered("delete", AuditEventAction.D, List.of("ServiceRequest/ditte-referral", "Patient/ditte"), null),
				BalpProfileEnum.PATIENT_DELETE, "delete");
		assertThePattern(rendered("delete", AuditEventAction.D, List.of("HealthcareService/places"), null),
				BalpProfileEnum.BASIC_DELETE, "delete");
	}

	@Test
	void aSearchIsAQueryCarryingTheSearchAsBase64() {
		String search = "ServiceRequest?subject=Patient/ditte";
		AuditEvent aboutHer = rendered("search-type", AuditEventAction.R, List.of("ServiceRequest/ditte-referral", "Patient/ditte"),
				search);

		assertThePattern(aboutHer, BalpProfileEnum.PATIENT_QUERY, "search-type");
		assertThat(aboutHer.getAction()).as("BALP: a query is executed, also for records written as a read")
				.isEqualTo(AuditEventAction.E);
		AuditEventEntityComponent query = entitiesWithRole(aboutHer, "24").get(0);
		assertThat(query.getType().getCode()).isEqualTo("2");
		assertThat(new String(query.getQuery(), StandardCharsets.UTF_8)).isEqualTo(search);
		assertThat(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(aboutHer))
				.contains("\"query\":\"" + Base64.getEncoder().encodeToString(search.getBytes(StandardCharsets.UTF_8)) + "\"");

		assertThePattern(rendered("search-type", AuditEventAction.E, List.of(), "HealthcareService?active=true"),
				BalpProfileEnum.BASIC_QUERY, "search-type");
	}

	@Test
	void failuresOperationsAndExportsClaimNoBalpPattern() {
		AuditEvent refused = AuditEvents.interaction(gp, "10.1.2.3", "read", AuditEventAction.R);
		AuditEvents.resources(refused, List.of("ServiceRequest/someone-elses"));
		AuditEvents.failed(refused, 403, "no");
		assertThat(Balp.shape(refused).getMeta().getProfile()).isEmpty();

		AuditEvent operation = AuditEvents.interaction(gp, "10.1.2.3", "operation", AuditEventAction.E);
		AuditEvents.resources(operation, List.of("Patient/ditte"));
		assertThat(Balp.shape(operation).getMeta().getProfile()).isEmpty();

		AuditEvent delivered = AuditEvents.delivery("Organization/aalborg");
		AuditEvents.resources(delivered, List.of("Communication/to-aalborg", "Patient/ditte"));
		AuditEvents.legalBasis(delivered, "consent", "Consent/ditte-aalborg");
		AuditEvent shaped = Balp.shape(delivered);
		assertThat(shaped.getMeta().getProfile()).isEmpty();
		assertThat(shaped.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).as("the legal basis is kept").isEqualTo("consent");
	}

	@Test
	void theAgreementThatGaveAccessAndTheOrganisationAreKeptAndShapingTwiceChangesNothing() {
		AuditEvent event = rendered("read", AuditEventAction.R, List.of("ServiceRequest/ditte-referral", "Patient/ditte"), null);
		String once = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(event);
		AuditEvent again = Balp.shape(FhirContext.forR4Cached().newJsonParser().parseResource(AuditEvent.class, once));

		assertThat(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(again)).isEqualTo(once);
		assertThat(again.getEntity()).extracting(e -> e.getWhat().getReference()).contains("Contract/north-jutland");
		assertThat(again.getAgent()).extracting(AuditEventAgentComponent::getName).contains(GodStartIg.SOR_SYSTEM + "|" + GP_SOR);
	}

	/** A record as the trail builds it (with the agreement that allowed it), rendered as the hub serves it. */
	private AuditEvent rendered(String interaction, AuditEventAction action, List<String> touched, String query) {
		AuditEvent event = AuditEvents.interaction(gp, "10.1.2.3", interaction, action);
		AuditEvents.resources(event, touched);
		if (query != null) {
			AuditEvents.query(event, query);
		}
		AuditEvents.agreements(event, List.of("north-jutland"));
		return Balp.shape(event);
	}

	private static void assertThePattern(AuditEvent event, BalpProfileEnum pattern, String interaction) {
		assertThat(event.getMeta().getProfile()).extracting(CanonicalType::getValue).containsExactly(pattern.getProfileUrl());
		assertThat(event.getType()).extracting(Coding::getSystem, Coding::getCode)
				.containsExactly("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest");
		assertThat(event.getSubtype()).extracting(Coding::getSystem, Coding::getCode)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("http://hl7.org/fhir/restful-interaction", interaction));
		assertThat(event.getAction()).isEqualTo(pattern.getAction());
		assertThat(event.getRecorded()).isNotNull();
		assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);

		AuditEventAgentComponent client = agentOfType(event, pattern.getAgentClientTypeCoding());
		assertThat(client.getWho().getIdentifier().getSystem()).isEqualTo(AuditEvents.CLIENT_SYSTEM);
		assertThat(client.getWho().getIdentifier().getValue()).isEqualTo("gp-ehr");
		assertThat(client.getRequestor()).isTrue();
		assertThat(client.getNetwork().getAddress()).isEqualTo("10.1.2.3");
		assertThat(client.getType().getCoding()).extracting(Coding::getCode).contains("110150");
		AuditEventAgentComponent server = event.getAgent().stream().filter(Balp::isHub).findFirst().orElseThrow();
		assertThat(server.getType().getCoding()).extracting(Coding::getSystem, Coding::getCode)
				.contains(org.assertj.core.groups.Tuple.tuple(pattern.getAgentServerTypeCoding().getSystem(),
						pattern.getAgentServerTypeCoding().getCode()));
		assertThat(server.getWho().getIdentifier().getValue()).isEqualTo(Balp.HUB_ID);
		assertThat(event.getAgent()).as("the organisation the client acts for")
				.anySatisfy(a -> assertThat(a.getWho().getIdentifier().getValue()).isEqualTo(GP_SOR));
		assertThat(event.getSource().getObserver().getDisplay()).isNotBlank();

		boolean query = pattern == BalpProfileEnum.BASIC_QUERY || pattern == BalpProfileEnum.PATIENT_QUERY;
		if (query) {
			assertThat(entitiesWithRole(event, "24")).singleElement().satisfies(e -> assertThat(e.getQuery()).isNotEmpty());
		} else {
			assertThat(entitiesWithRole(event, "4")).isNotEmpty().allSatisfy(e -> {
				assertThat(e.getWhat().getReference()).isNotBlank();
				assertThat(e.getType().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/audit-entity-type");
			});
		}
		boolean patient = pattern.name().startsWith("PATIENT_");
		if (patient) {
			assertThat(patientEntities(event)).singleElement().satisfies(e -> {
				assertThat(e.getWhat().getReference()).startsWith("Patient/");
				assertThat(e.getType()).extracting(Coding::getSystem, Coding::getCode)
						.containsExactly("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1");
			});
		} else {
			assertThat(patientEntities(event)).isEmpty();
		}
	}

	private static AuditEventAgentComponent agentOfType(AuditEvent event, Coding type) {
		return event.getAgent().stream().filter(a -> a.getType().getCoding().stream()
				.anyMatch(c -> type.getSystem().equals(c.getSystem()) && type.getCode().equals(c.getCode())))
				.filter(AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
	}

	private static List<AuditEventEntityComponent> entitiesWithRole(AuditEvent event, String role) {
		return event.getEntity().stream().filter(e -> "http://terminology.hl7.org/CodeSystem/object-role".equals(e.getRole().getSystem())
				&& role.equals(e.getRole().getCode())).toList();
	}

	private static List<AuditEventEntityComponent> patientEntities(AuditEvent event) {
		return entitiesWithRole(event, "1");
	}

	private static String patient(AuditEvent event) {
		return patientEntities(event).get(0).getWhat().getReference();
	}

	private static String data(AuditEvent event) {
		return entitiesWithRole(event, "4").get(0).getWhat().getReference();
	}
}
