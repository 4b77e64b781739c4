package dk.godstart.hub.server.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What kind of data a resource type holds, for access decisions, and where a resource names the organisations taking
 * part in it. Conformance resources and the directory (organisations, endpoints, agreements, places) are open to every
 * caller whose scopes name them; everything else is patient data, seen only by the organisations taking part in it or
 * granted it ({@link AccessPolicy}).
 */
final class ResourceKinds {

	private ResourceKinds() {}

	static final Set<String> CONFORMANCE = Set.of(
			"StructureDefinition", "ValueSet", "CodeSystem", "ImplementationGuide", "SearchParameter",
			"CapabilityStatement", "OperationDefinition", "NamingSystem", "ConceptMap", "StructureMap",
			"CompartmentDefinition", "MessageDefinition", "GraphDefinition", "Questionnaire", "ActivityDefinition",
			"PlanDefinition", "Library", "Measure");

	static final Set<String> DIRECTORY = Set.of(
			"Organization", "Endpoint", "Location", "HealthcareService", "Practitioner", "PractitionerRole", "Contract",
			"Device", "OrganizationAffiliation");

	/** A subscriber's own: seen and written only by the organisation its criteria are about. */
	static final String SUBSCRIPTION = "Subscription";

	/** Written only by the hub itself; read with the AuditEvent scope. */
	static final String AUDIT = "AuditEvent";

	static boolean isPatientData(String type) {
		return !CONFORMANCE.contains(type) && !DIRECTORY.contains(type) && !AUDIT.equals(type) && !SUBSCRIPTION.equals(type);
	}

	/**
	 * Where a resource names who takes part in it. The first entries of each list are its owners: a caller writing
	 * such a resource must be one of them (an EHR refers, manages episodes and assesses care levels only for itself).
	 */
	record Participation(List<String> owners, List<String> others) {}

	static final Map<String, Participation> PARTICIPATION = Map.ofEntries(
			Map.entry("ServiceRequest", new Participation(List.of("requester"), List.of("performer"))),
			Map.entry("Task", new Participation(List.of("requester", "owner"), List.of("restriction.recipient"))),
			Map.entry("EpisodeOfCare", new Participation(List.of("managingOrganization"), List.of())),
			Map.entry("Observation", new Participation(List.of("performer"), List.of())),
			Map.entry("Communication", new Participation(List.of("sender"), List.of("recipient"))),
			Map.entry("Encounter", new Participation(List.of("serviceProvider"), List.of())),
			// a network's team, plan, tasks and meetings are shown to its members by NetworkVisibility, while they are members
			Map.entry("CarePlan", new Participation(List.of("author", "contributor"), List.of())),
			Map.entry("CareTeam", new Participation(List.of("managingOrganization"), List.of())),
			Map.entry("Condition", new Participation(List.of("recorder", "asserter"), List.of())),
			Map.entry("DocumentReference", new Participation(List.of("author", "custodian"), List.of())),
			Map.entry("QuestionnaireResponse", new Participation(List.of("author"), List.of())),
			Map.entry("Consent", new Participation(List.of("organization", "performer"), List.of())),
			Map.entry("Provenance", new Participation(List.of("agent.who"), List.of())),
			Map.entry("Patient", new Participation(List.of(), List.of("managingOrganization", "generalPractitioner"))));
}
