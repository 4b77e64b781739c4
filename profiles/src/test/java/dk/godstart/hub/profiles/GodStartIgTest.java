package dk.godstart.hub.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/**
 * The guide's names in {@link GodStartIg} are the shipped package's: every constant, found by reflection so a new one
 * is checked without touching this test, names a resource of the right kind in {@code godstart.fhir.dk}, and every
 * code in {@link GodStartIg.Codes} is a code of its system. A renamed profile, extension or code in {@code ig/} fails
 * here instead of silently matching nothing at run time.
 */
class GodStartIgTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final IgPackage PACKAGE = GodStartIg.loadPackage();
	private static final List<MetadataResource> CONFORMANCE = parse(PACKAGE.conformanceResources());
	/** The Measure is a definition ({@code Usage: #definition}) that the package builder files among the examples. */
	private static final List<MetadataResource> EXAMPLES = parse(PACKAGE.examples());

	@Test
	void everyProfileIsAConstraintOnACoreResourceInThePackage() {
		Map<String, StructureDefinition> definitions = structureDefinitions();
		assertThat(constants(GodStartIg.Profiles.class)).isNotEmpty().allSatisfy((name, url) -> {
			assertThat(definitions).as("Profiles.%s", name).containsKey(url);
			assertThat(definitions.get(url).getType()).as("Profiles.%s is a profile, not an extension", name)
					.isNotEqualTo("Extension");
		});
	}

	@Test
	void everyExtensionIsAnExtensionDefinitionInThePackage() {
		Map<String, StructureDefinition> definitions = structureDefinitions();
		assertThat(constants(GodStartIg.Extensions.class)).isNotEmpty().allSatisfy((name, url) -> {
			assertThat(definitions).as("Extensions.%s", name).containsKey(url);
			assertThat(definitions.get(url).getType()).as("Extensions.%s", name).isEqualTo("Extension");
		});
	}

	@Test
	void everyCodeSystemIsInThePackage() {
		Set<String> codeSystems = urls(CodeSystem.class);
		assertThat(constants(GodStartIg.CodeSystems.class)).isNotEmpty()
				.allSatisfy((name, url) -> assertThat(codeSystems).as("CodeSystems.%s", name).contains(url));
	}

	@Test
	void everyMeasureIsInThePackage() {
		Set<String> measures = java.util.stream.Stream.concat(CONFORMANCE.stream(), EXAMPLES.stream())
				.filter(org.hl7.fhir.r4.model.Measure.class::isInstance).map(MetadataResource::getUrl)
				.collect(Collectors.toSet());
		assertThat(constants(GodStartIg.Measures.class)).isNotEmpty()
				.allSatisfy((name, url) -> assertThat(measures).as("Measures.%s", name).contains(url));
	}

	@Test
	void everyCodeIsACodeOfItsSystem() {
		Class<?>[] systems = GodStartIg.Codes.class.getDeclaredClasses();
		assertThat(systems).isNotEmpty();
		for (Class<?> system : systems) {
			Map<String, String> constants = constants(system);
			String url = constants.remove("SYSTEM");
			assertThat(url).as("%s.SYSTEM", system.getSimpleName()).isNotNull();
			Set<String> codes = codesOf(url);
			assertThat(constants).as(system.getSimpleName()).isNotEmpty().allSatisfy((name, code) ->
					assertThat(codes).as("%s.%s", system.getSimpleName(), name).contains(code));
		}
	}

	@Test
	void theCheckNoticesANameThatIsNotInThePackage() {
		assertThat(structureDefinitions()).doesNotContainKey(GodStartIg.profile("no-such-profile"));
		assertThat(urls(CodeSystem.class)).doesNotContain(GodStartIg.codeSystem("no-such-code-system"))
				.contains(GodStartIg.CodeSystems.ORGANIZATION_TYPE);
	}

	private static List<MetadataResource> parse(Map<String, String> resources) {
		return resources.values().stream().map(json -> FHIR.newJsonParser().parseResource(json))
				.filter(MetadataResource.class::isInstance).map(MetadataResource.class::cast).toList();
	}

	/** The public static String constants of a holder class, by field name. */
	private static Map<String, String> constants(Class<?> holder) {
		return Arrays.stream(holder.getDeclaredFields())
				.filter(field -> Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers())
						&& field.getType() == String.class)
				.collect(Collectors.toMap(Field::getName, GodStartIgTest::value, (a, b) -> a, java.util.TreeMap::new));
	}

	private static String value(Field field) {
		try {
			return (String) field.get(null);
		} catch (IllegalAccessException e) {
			throw new AssertionError(e);
		}
	}

	private static Map<String, StructureDefinition> structureDefinitions() {
		return CONFORMANCE.stream().filter(StructureDefinition.class::isInstance).map(StructureDefinition.class::cast)
				.collect(Collectors.toMap(StructureDefinition::getUrl, sd -> sd));
	}

	private static Set<String> urls(Class<? extends MetadataResource> type) {
		return CONFORMANCE.stream().filter(type::isInstance).map(MetadataResource::getUrl).collect(Collectors.toSet());
	}

	private static Set<String> codesOf(String system) {
		return CONFORMANCE.stream().filter(CodeSystem.class::isInstance).map(CodeSystem.class::cast)
				.filter(cs -> system.equals(cs.getUrl())).findFirst()
				.orElseThrow(() -> new AssertionError("the package has no code system " + system))
				.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode).collect(Collectors.toSet());
	}
}
