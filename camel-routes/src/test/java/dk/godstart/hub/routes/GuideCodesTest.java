package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.agreements.LegalBasis;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.LegalBasisRule;
import dk.godstart.hub.routes.routing.ParkReason;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/** The guide's codes and URLs the routes use have one home in Java each; here they are checked against the package. */
class GuideCodesTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private final List<Object> conformance = GodStartIg.loadPackage().conformanceResources().values().stream()
			.map(json -> (Object) FHIR.newJsonParser().parseResource(json)).toList();

	@Test
	void everyLegalBasisParkReasonAndEventIsACodeOfTheGuide() {
		assertThat(codes(LegalBasis.SYSTEM)).containsExactlyInAnyOrderElementsOf(
				Arrays.stream(LegalBasis.values()).map(LegalBasis::code).toList());
		assertThat(codes(ParkReason.SYSTEM)).containsExactlyInAnyOrderElementsOf(
				Arrays.stream(ParkReason.values()).map(ParkReason::code).toList());
		assertThat(codes(MessageEvent.SYSTEM)).containsExactlyInAnyOrderElementsOf(
				Arrays.stream(MessageEvent.values()).map(MessageEvent::code).toList());
	}

	@Test
	void theHealthCareTypesAreOrganisationTypesOfTheGuide() {
		assertThat(codes(GodStartIg.CANONICAL + "/CodeSystem/organization-type")).containsAll(LegalBasisRule.HEALTH_CARE_TYPES);
	}

	@Test
	void theLegalBasisExtensionsAreTheGuides() {
		Set<String> urls = conformance.stream().filter(StructureDefinition.class::isInstance)
				.map(sd -> ((StructureDefinition) sd).getUrl()).collect(Collectors.toSet());
		assertThat(urls).contains(LegalBasis.EXTENSION, LegalBasis.EVIDENCE_EXTENSION,
				dk.godstart.hub.routes.routing.ConsentRule.RECIPIENT_TYPE_EXTENSION,
				dk.godstart.hub.routes.agreements.Agreement.DATA_MINIMISATION_EXTENSION,
				dk.godstart.hub.routes.agreements.Agreement.DEADLINE_EXTENSION,
				dk.godstart.hub.routes.agreements.Agreement.PARTY_EXTENSION);
	}

	private List<String> codes(String system) {
		return conformance.stream().filter(CodeSystem.class::isInstance).map(CodeSystem.class::cast)
				.filter(cs -> system.equals(cs.getUrl())).findFirst().orElseThrow(() -> new AssertionError("no " + system))
				.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode).toList();
	}
}
