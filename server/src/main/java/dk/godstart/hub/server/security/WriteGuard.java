package dk.godstart.hub.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Checks each resource a caller writes before it is stored (every entry of a transaction too): scopes, and for
 * patient data that the caller's organisation owns it ({@link AccessPolicy#checkWrite}). Runs before profile
 * validation, so a write the caller may not make is refused (403) without being validated.
 */
@Interceptor
public class WriteGuard {

	private static final int BEFORE_VALIDATION = -100;

	private final AccessPolicy policy;

	public WriteGuard(AccessPolicy policy) {
		this.policy = policy;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	public void creating(IBaseResource resource, RequestDetails request) {
		HubCaller.of(request).ifPresent(caller -> policy.checkWrite(caller, request, resource, null, 'c'));
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION)
	public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		HubCaller.of(request).ifPresent(caller -> policy.checkWrite(caller, request, resource, previous, 'u'));
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = BEFORE_VALIDATION)
	public void deleting(IBaseResource resource, RequestDetails request) {
		HubCaller.of(request).ifPresent(caller -> policy.checkWrite(caller, request, resource, resource, 'd'));
	}
}
