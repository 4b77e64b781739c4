package dk.godstart.hub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopesTest {

	@Test
	void smartV2SystemScopesNameTypesAndInteractions() {
		Scopes municipality = Scopes.of(List.of("system/Communication.rs", "system/Patient.r", "openid"));
		assertThat(municipality.permits("Communication", 's')).isTrue();
		assertThat(municipality.permits("Communication", 'c')).isFalse();
		assertThat(municipality.permits("Patient", 's')).isFalse();
		assertThat(municipality.permits("ServiceRequest", 'r')).isFalse();
	}

	@Test
	void aWildcardTypeAndSmartV1FormsAreUnderstood() {
		assertThat(Scopes.of(List.of("system/*.rs")).permits("Observation", 'r')).isTrue();
		assertThat(Scopes.of(List.of("system/*.rs")).permits("Observation", 'u')).isFalse();
		assertThat(Scopes.of(List.of("system/Patient.read")).permits("Patient", 's')).isTrue();
		assertThat(Scopes.of(List.of("system/Patient.write")).permits("Patient", 'd')).isTrue();
		assertThat(Scopes.of(List.of("system/Patient.*")).permits("Patient", 'c')).isTrue();
	}

	@Test
	void aProfileQualifiedScopeCoversOnlyResourcesClaimingThatProfile() {
		String place = "http://godstart.dk/fhir/StructureDefinition/residential-treatment-place";
		Scopes registry = Scopes.of(List.of("system/HealthcareService.cru?_profile=" + place));
		assertThat(registry.permits("HealthcareService", 'c', List.of(place))).isTrue();
		assertThat(registry.permits("HealthcareService", 'c', List.of())).isFalse();
		assertThat(registry.permits("HealthcareService", 'c', List.of("http://example.org/other"))).isFalse();
	}

	@Test
	void subscriptionCriteriaNameTheOrganisationsTheyAreAbout() {
		assertThat(AccessPolicy.organisationsNamed("Communication?recipient=Organization/abc-1&status=completed"))
				.containsExactly("abc-1");
		assertThat(AccessPolicy.organisationsNamed("Communication?recipient=Organization%2Fx9,Organization/y8"))
				.containsExactly("x9", "y8");
		assertThat(AccessPolicy.organisationsNamed("Communication?status=completed")).isEmpty();
	}
}
