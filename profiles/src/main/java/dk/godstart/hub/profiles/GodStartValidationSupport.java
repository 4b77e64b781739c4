package dk.godstart.hub.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.IParser;
import java.util.Collection;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Validation support for the guide: its conformance resources in memory, and the chain a standalone validator uses. */
public final class GodStartValidationSupport {

	private GodStartValidationSupport() {}

	/** The guide's StructureDefinitions, CodeSystems, ValueSets and SearchParameters, from the package on the classpath. */
	public static PrePopulatedValidationSupport packageSupport(FhirContext fhirContext) {
		return packageSupport(fhirContext, GodStartIg.loadPackage().conformanceResources().values());
	}

	public static PrePopulatedValidationSupport packageSupport(FhirContext fhirContext, Collection<String> jsonResources) {
		IParser parser = fhirContext.newJsonParser();
		PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(fhirContext);
		for (String json : jsonResources) {
			add(support, parser.parseResource(json));
		}
		return support;
	}

	static void add(PrePopulatedValidationSupport support, IBaseResource resource) {
		switch (resource.fhirType()) {
			case "StructureDefinition" -> support.addStructureDefinition(resource);
			case "CodeSystem" -> support.addCodeSystem(resource);
			case "ValueSet" -> support.addValueSet(resource);
			case "SearchParameter" -> support.addSearchParameter(resource);
			default -> {
				// ImplementationGuide and the like carry no validation rules
			}
		}
	}

	/**
	 * Everything a validator needs without a server: the guide, the FHIR core definitions, snapshot generation,
	 * in-memory terminology and the common code systems (UCUM, languages, countries...). Code systems nobody here
	 * can expand (SNOMED CT) are checked for form only, with a warning, never an error.
	 */
	public static ValidationSupportChain standaloneChain(FhirContext fhirContext, IValidationSupport guide) {
		return new ValidationSupportChain(
				ValidationSupportChain.CacheConfiguration.defaultValues(),
				guide,
				new DefaultProfileValidationSupport(fhirContext),
				new CommonCodeSystemsTerminologyService(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				new UnknownCodeSystemWarningValidationSupport(fhirContext));
	}
}
