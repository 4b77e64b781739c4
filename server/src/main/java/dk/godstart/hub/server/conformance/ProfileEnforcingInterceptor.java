package dk.godstart.hub.server.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartValidator;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Keeps non-conformant resources out of storage. Runs on every create and update that reaches the JPA layer — REST
 * calls, transaction entries and the hub's own writes alike — just before the row is written, inside the write's
 * transaction: a failure answers 422 with the validator's OperationOutcome and nothing of the request is stored.
 * The hub's own notification writes ({@link HubOwnWrites}) are not re-checked.
 */
@Interceptor
public class ProfileEnforcingInterceptor {

	private final GodStartValidator validator;
	private final Map<String, String> requiredProfiles;

	public ProfileEnforcingInterceptor(GodStartValidator validator, Map<String, String> requiredProfiles) {
		this.validator = validator;
		this.requiredProfiles = Map.copyOf(requiredProfiles);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		if (!HubOwnWrites.isHubOwnWrite(request)) {
			enforce(resource);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (!HubOwnWrites.isHubOwnWrite(request)) {
			enforce(resource);
		}
	}

	void enforce(IBaseResource resource) {
		String required = requiredProfiles.get(resource.fhirType());
		if (required != null && claimsGuideProfile(resource) && !claims(resource, required)) {
			// another of the guide's profiles for this type (a postnatal home-visit Task is no referral Task):
			// it is held to the profiles it claims
			required = null;
		}
		if (required == null && !claimsGuideProfile(resource)) {
			return;
		}
		ValidationResult result = validator.validate(resource, required);
		int errors = GodStartValidator.errors(result).size();
		if (errors == 0) {
			return;
		}
		OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
		String profiles = required != null ? required : "the profiles it claims";
		outcome.getIssue().add(0, new OperationOutcome.OperationOutcomeIssueComponent()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.PROCESSING)
				.setDiagnostics(resource.fhirType() + " does not conform to " + profiles + ": " + errors
						+ " error(s); nothing was stored"));
		throw new UnprocessableEntityException(validator.fhirContext(), outcome);
	}

	private static boolean claims(IBaseResource resource, String profile) {
		return resource.getMeta().getProfile().stream().map(IPrimitiveType::getValueAsString).anyMatch(profile::equals);
	}

	private static boolean claimsGuideProfile(IBaseResource resource) {
		return resource.getMeta().getProfile().stream()
				.map(IPrimitiveType::getValueAsString)
				.anyMatch(url -> url != null && url.startsWith(GodStartIg.CANONICAL + "/"));
	}
}
