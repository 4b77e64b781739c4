package dk.godstart.hub.profiles;

import ca.uhn.fhir.context.FhirContext;

/** One standalone validator for the module's tests: building it and warming each profile costs seconds. */
final class SharedValidator {

	static final FhirContext FHIR = FhirContext.forR4Cached();
	private static GodStartValidator validator;

	private SharedValidator() {}

	static synchronized GodStartValidator get() {
		if (validator == null) {
			QuietLogging.apply();
			validator = GodStartValidator.standalone(FHIR);
		}
		return validator;
	}
}
