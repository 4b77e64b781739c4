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
 * Identical conditional creates at the same moment (an EHR that retries while its first request is still running, or
 * two systems registering the same woman) store one resource: HAPI's unique match-URL index lets one commit and
 * fails the others with a version conflict. Without this, those got 409 and had to try again; with it the hub runs
 * them again itself, when their condition now finds the stored resource, so they get 200 and that resource, as a
 * conditional create that matched one. Also for conditional updates ({@code PUT Type?identifier=...}).
 */
@Component
public class ConditionalWriteRetry implements HubServerInterceptor {

	static final int RETRIES = 3;

	@Hook(Pointcut.STORAGE_VERSION_CONFLICT)
	public ResourceVersionConflictResolutionStrategy conflict(RequestDetails request) {
		ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
		if (request != null && isConditional(request)) {
			strategy.setRetry(true);
			strategy.setMaxRetries(RETRIES);
		}
		return strategy;
	}

	private static boolean isConditional(RequestDetails request) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		if (operation == RestOperationTypeEnum.CREATE) {
			return request.getHeader(Constants.HEADER_IF_NONE_EXIST) != null;
		}
		return operation == RestOperationTypeEnum.UPDATE && request.getId() == null && request.getConditionalUrl(operation) != null;
	}
}
