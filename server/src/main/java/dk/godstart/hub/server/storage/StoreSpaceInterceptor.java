package dk.godstart.hub.server.storage;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.godstart.hub.routes.store.StoreSpace;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;

/**
 * Asks the {@link StoreSpace} before a FHIR request that stores ({@link FhirWrites}) is handled; a refusal is thrown
 * as {@link StoreSpace.Refused}, which the error handling answers as a full store (507, {@code Retry-After},
 * OperationOutcome; {@code StoreFailureAnswers}). After the caller's own checks (a request it may not make is
 * answered 403 whatever the disk), before anything of the request is stored.
 */
@Interceptor
public class StoreSpaceInterceptor implements HubServerInterceptor {

	/** After access control's checks of the same pointcut. */
	static final int AFTER_ACCESS_CONTROL = 1_000;

	private final StoreSpace guard;

	public StoreSpaceInterceptor(StoreSpace guard) {
		this.guard = guard;
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = AFTER_ACCESS_CONTROL)
	public void beforeHandling(RequestDetails request, RestOperationTypeEnum operation) {
		if (FhirWrites.stores(operation, request.getRequestType(), request.getOperation())) {
			guard.refusal("fhir").ifPresent(failure -> {
				throw new StoreSpace.Refused(failure);
			});
		}
	}
}
