package dk.godstart.hub.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

/**
 * Validates resources against the GodStart profiles: the ones they claim in {@code meta.profile}, or one named by
 * the caller. Thread-safe and meant to be shared: the first validation of each profile is slow (snapshots,
 * terminology), later ones are fast; {@link #warmUp()} pays that cost up front.
 */
public final class GodStartValidator {

	private final FhirContext fhirContext;
	private final FhirValidator validator;

	public GodStartValidator(FhirContext fhirContext, IValidationSupport validationSupport) {
		this.fhirContext = fhirContext;
		FhirInstanceValidator instanceValidator = new FhirInstanceValidator(validationSupport);
		// A resource that claims a profile nobody here knows cannot be said to conform.
		instanceValidator.setErrorForUnknownProfiles(true);
		instanceValidator.setAnyExtensionsAllowed(true);
		// dom-6 "should have a narrative" on every resource drowns out the issues that matter in system-to-system exchange.
		instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		this.validator = fhirContext.newValidator().setValidateAgainstStandardSchema(false)
				.setValidateAgainstStandardSchematron(false);
		this.validator.registerValidatorModule(instanceValidator);
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
	 * Validates every example of the guide once, so the first real request does not pay for snapshot generation,
	 * FHIRPath compilation and terminology loading.
	 *
	 * @return the examples that did not validate cleanly (none in a correct build), by file name
	 */
	public Map<String, List<SingleValidationMessage>> warmUp() {
		Map<String, List<SingleValidationMessage>> failures = new java.util.TreeMap<>();
		GodStartIg.loadPackage().examples().forEach((file, json) -> {
			List<SingleValidationMessage> errors = errors(validator.validateWithResult(json));
			if (!errors.isEmpty()) {
				failures.put(file, errors);
			}
		});
		return failures;
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
