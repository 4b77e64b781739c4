package dk.godstart.hub.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

/**
 * Validates resources against the GodStart profiles: the ones they claim in {@code meta.profile}, or one named by
 * the caller. Thread-safe and meant to be shared: the first validation of each profile is slow (snapshots,
 * terminology), later ones are fast; {@link #warmUp()} pays that cost up front.
 */
public final class GodStartValidator {

	static {
		// Once per JVM: without the module's own OID registry every validation is about 10 ms slower.
		OidRegistry.check();
	}

	private final FhirContext fhirContext;
	private final FhirValidator validator;

	public GodStartValidator(FhirContext fhirContext, IValidationSupport validationSupport) {
		this(fhirContext, new FhirInstanceValidator(validationSupport));
	}

	/** Wraps an instance validator the caller prepared (a server shares HAPI's worker context this way). */
	public GodStartValidator(FhirContext fhirContext, FhirInstanceValidator instanceValidator) {
		this.fhirContext = fhirContext;
		applyGuidePolicy(instanceValidator);
		this.validator = fhirContext.newValidator().setValidateAgainstStandardSchema(false)
				.setValidateAgainstStandardSchematron(false);
		this.validator.registerValidatorModule(instanceValidator);
	}

	/** The guide's validation policy, for any instance validator that checks resources against it. */
	public static void applyGuidePolicy(FhirInstanceValidator instanceValidator) {
		// A resource that claims a profile nobody here knows cannot be said to conform.
		instanceValidator.setErrorForUnknownProfiles(true);
		instanceValidator.setAnyExtensionsAllowed(true);
		// dom-6 "should have a narrative" on every resource drowns out the issues that matter in system-to-system exchange.
		instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
	}

	/** A validator with everything in memory: the guide from the classpath and the FHIR R4 core definitions. */
	public static GodStartValidator standalone(FhirContext fhirContext) {
		return new GodStartValidator(
				fhirContext,
				GodStartValidationSupport.standaloneChain(fhirContext, GodStartValidationSupport.packageSupport(fhirContext)));
	}

	public FhirContext fhirContext() {
		return fhirContext;
	}

	/** Validates against the base resource definition and every profile the resource claims. */
	public ValidationResult validate(IBaseResource resource) {
		return validator.validateWithResult(resource);
	}

	/** Validates against {@code profileUrl} as well as any profile the resource claims. */
	public ValidationResult validate(IBaseResource resource, String profileUrl) {
		return validator.validateWithResult(resource, new ValidationOptions().addProfileIfNotBlank(profileUrl));
	}

	/** Validates JSON or XML text; a body that does not parse gives a result with the parser's error. */
	public ValidationResult validate(String resourceText, String profileUrl) {
		return validator.validateWithResult(resourceText, new ValidationOptions().addProfileIfNotBlank(profileUrl));
	}

	/**
	 * Validates one example of each of the guide's profiles, so the first real request does not pay for snapshot
	 * conversion, FHIRPath compilation and terminology loading.
	 *
	 * @return the examples that did not validate cleanly (none in a correct build), by file name
	 */
	public Map<String, List<SingleValidationMessage>> warmUp() {
		Map<Set<String>, String> onePerProfile = new LinkedHashMap<>();
		Map<String, String> examples = GodStartIg.loadPackage().examples();
		examples.forEach((file, json) -> onePerProfile.putIfAbsent(claimedProfiles(json), file));
		return validateExamples(onePerProfile.values(), examples);
	}

	/** Validates every example of the guide; returns those with errors (none in a correct build). */
	public Map<String, List<SingleValidationMessage>> validateAllExamples() {
		Map<String, String> examples = GodStartIg.loadPackage().examples();
		return validateExamples(examples.keySet(), examples);
	}

	private Map<String, List<SingleValidationMessage>> validateExamples(Collection<String> files, Map<String, String> examples) {
		Map<String, List<SingleValidationMessage>> failures = new TreeMap<>();
		for (String file : files) {
			List<SingleValidationMessage> errors = errors(validator.validateWithResult(examples.get(file)));
			if (!errors.isEmpty()) {
				failures.put(file, errors);
			}
		}
		return failures;
	}

	private Set<String> claimedProfiles(String json) {
		Set<String> profiles = new TreeSet<>();
		fhirContext.newJsonParser().parseResource(json).getMeta().getProfile()
				.forEach(profile -> profiles.add(profile.getValueAsString()));
		return profiles;
	}

	public static List<SingleValidationMessage> errors(ValidationResult result) {
		List<SingleValidationMessage> errors = new ArrayList<>();
		for (SingleValidationMessage message : result.getMessages()) {
			if (message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL) {
				errors.add(message);
			}
		}
		return errors;
	}
}
