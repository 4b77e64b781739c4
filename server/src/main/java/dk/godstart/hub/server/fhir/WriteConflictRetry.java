package dk.godstart.hub.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Writes that collide with another write at the same moment, where the client did not ask to be told:
 * <ul>
 *   <li>identical conditional creates (an EHR that retries while its first request is still running, two systems
 *       registering the same woman): HAPI's unique match-URL index lets one commit and fails the others; run again,
 *       their condition finds the stored resource and they get 200 with it, as a conditional create that matched;
 *   <li>updates without {@code If-Match} of the same resource (a subscriber editing its Subscription while the hub
 *       records a delivery error on it): run again on the current version, as the client asked for an overwrite.
 * </ul>
 * Without this both got 409 and had to try again. An update with {@code If-Match} still gets its 409: the conflict is
 * the answer it asked for. At most {@value #RETRIES} runs again.
 */
@Component
public class WriteConflictRetry implements HubServerInterceptor {

	// n writers of one resource at once: the last to commit can lose to each of the n - 1 others in turn; 5 covers six
	// systems correcting her record at the same moment (WritesAtTheSameMomentIT), which 3 did only when the machine
	// was quiet.
	static final int RETRIES = 5;

	@Hook(Pointcut.STORAGE_VERSION_CONFLICT)
	public ResourceVersionConflictResolutionStrategy conflict(RequestDetails request) {
		ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
		if (request != null && mayRunAgain(request)) {
			strategy.setRetry(true);
			strategy.setMaxRetries(RETRIES);
		}
		return strategy;
	}

	private static boolean mayRunAgain(RequestDetails request) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		if (operation == RestOperationTypeEnum.CREATE) {
			return request.getHeader(Constants.HEADER_IF_NONE_EXIST) != null;
		}
		return operation == RestOperationTypeEnum.UPDATE && request.getHeader(Constants.HEADER_IF_MATCH) == null;
	}
}
