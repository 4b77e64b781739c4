package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.agreements.LegalBasis;
import dk.godstart.hub.routes.agreements.LegalBasisRule;
import dk.godstart.hub.routes.delivery.ParkReason;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.DestinationUse;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java enums that mirror a code system of the guide have exactly its codes: a code added in {@code ig/} without
 * its constant (which the hub could then receive but never route), or a constant the guide does not have (which the
 * hub would write and the validator refuse), fails here. The URLs themselves are checked in profiles' GodStartIgTest.
 */
class GuideCodesTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final List<CodeSystem> CODE_SYSTEMS = GodStartIg.loadPackage().conformanceResources().values().stream()
			.map(json -> FHIR.newJsonParser().parseResource(json))
			.filter(CodeSystem.class::isInstance).map(CodeSystem.class::cast).toList();

	static Stream<Arguments> mirrors() {
		return Stream.of(
				mirror(LegalBasis.SYSTEM, LegalBasis.values(), LegalBasis::code),
				mirror(ParkReason.SYSTEM, ParkReason.values(), ParkReason::code),
				mirror(MessageEvent.SYSTEM, MessageEvent.values(), MessageEvent::code),
				mirror(DestinationUse.SYSTEM, DestinationUse.values(), DestinationUse::code));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("mirrors")
	void theEnumHasExactlyTheCodesOfItsCodeSystem(String system, List<String> enumCodes) {
		assertThat(enumCodes).as(system).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(codes(system));
	}

	@Test
	void eachEnumNamesTheCodeSystemItMirrors() {
		assertThat(LegalBasis.SYSTEM).isEqualTo(GodStartIg.CodeSystems.LEGAL_BASIS);
		assertThat(ParkReason.SYSTEM).isEqualTo(GodStartIg.CodeSystems.PARK_REASON);
		assertThat(MessageEvent.SYSTEM).isEqualTo(GodStartIg.CodeSystems.MESSAGE_EVENT);
		assertThat(DestinationUse.SYSTEM).isEqualTo(GodStartIg.CodeSystems.DESTINATION_USE);
	}

	@Test
	void theHealthCareTypesAreOrganisationTypesOfTheGuide() {
		assertThat(codes(GodStartIg.CodeSystems.ORGANIZATION_TYPE)).containsAll(LegalBasisRule.HEALTH_CARE_TYPES);
	}

	private static <E> Arguments mirror(String system, E[] values, Function<E, String> code) {
		return Arguments.of(system, Arrays.stream(values).map(code).toList());
	}

	private static List<String> codes(String system) {
		return CODE_SYSTEMS.stream().filter(cs -> system.equals(cs.getUrl())).findFirst()
				.orElseThrow(() -> new AssertionError("the package has no code system " + system))
				.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode).toList();
	}
}
