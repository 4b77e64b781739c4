package dk.godstart.hub.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;

/**
 * Filters what a caller gets back through HAPI's consent machinery, which asks before each stored resource is loaded
 * for a read, a search page, an {@code _include}, or the body of a write's answer: a resource the {@link AccessPolicy}
 * does not let the caller see is left out of a search and answered 404 on a read, as if it did not exist.
 */
public class OrganisationScopedConsent extends ConsentInterceptor implements HubServerInterceptor {

	public OrganisationScopedConsent(AccessPolicy policy) {
		super(new Service(policy));
		this.policy = policy;
	}

	private final AccessPolicy policy;

	/**
	 * The history of one resource, and operations on one resource ({@code $meta}, {@code $validate},
	 * {@code $everything}, ...), are answered 404 when the caller may not see that resource, as a read of it is:
	 * HAPI's consent machinery does not look at what these return ({@code $meta} it leaves out altogether, and an
	 * instance's history of a hidden resource would answer an empty page where a resource that does not exist
	 * answers 404). Runs after {@link CallerInterceptor} has checked the scopes.
	 */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = 100)
	public void instanceOutOfSight(RequestDetails request, RestOperationTypeEnum operation) {
		if (operation != RestOperationTypeEnum.HISTORY_INSTANCE && operation != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE) {
			return;
		}
		Optional<HubCaller> caller = HubCaller.of(request);
		IIdType id = request.getId();
		if (caller.isEmpty() || id == null || !id.hasIdPart() || request.getResourceName() == null) {
			return;
		}
		String type = request.getResourceName();
		if (!ResourceKinds.isPatientData(type) && !ResourceKinds.SUBSCRIPTION.equals(type)) {
			return;
		}
		if (!policy.canSee(caller.get(), request, type + "/" + id.getIdPart())) {
			throw new ResourceNotFoundException(new IdType(type, id.getIdPart()));
		}
	}

	/**
	 * A page of a search ({@code _getpages}) is sent only with what the caller asking for it may see: a search's id
	 * is in its paging links, and HAPI serves a page of another caller's search with the resources that search
	 * loaded for that caller. Entries the caller may not see are taken out whole (their {@code fullUrl} names them).
	 */
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void pageOfAnotherCallersSearch(RequestDetails request, ResponseDetails response) {
		Optional<HubCaller> caller = HubCaller.of(request);
		if (caller.isEmpty() || request.getRestOperationType() != RestOperationTypeEnum.GET_PAGE
				|| !(response.getResponseResource() instanceof Bundle page)) {
			return;
		}
		page.getEntry().removeIf(entry -> entry.getResource() != null && !policy.canSee(caller.get(), request, entry.getResource()));
		page.setTotalElement(null);
	}

	static boolean isWrite(RestOperationTypeEnum operation) {
		return operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE
				|| operation == RestOperationTypeEnum.PATCH || operation == RestOperationTypeEnum.DELETE
				|| operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH;
	}

	private record Service(AccessPolicy policy) implements IConsentService {

		@Override
		public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices context) {
			return HubCaller.of(request).isPresent() ? ConsentOutcome.PROCEED : ConsentOutcome.AUTHORIZED;
		}

		/**
		 * Reads and searches are filtered. Writes are not: the store's own look-ups while writing (a conditional
		 * create's match, a transaction's reference checks) must see what exists, or it would store a second copy of
		 * a woman another organisation registered; what a write may touch is the {@link WriteGuard}'s to decide,
		 * and a write's answer shows only what the caller wrote. Transactions and batches carry no reads
		 * ({@link CallerInterceptor}).
		 */
		@Override
		public boolean shouldProcessCanSeeResource(RequestDetails request, IConsentContextServices context) {
			return HubCaller.of(request).isPresent() && !isWrite(request.getRestOperationType());
		}

		@Override
		public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices context) {
			Optional<HubCaller> caller = HubCaller.of(request);
			if (caller.isEmpty()) {
				return ConsentOutcome.AUTHORIZED;
			}
			return policy.canSee(caller.get(), request, resource) ? ConsentOutcome.PROCEED : ConsentOutcome.REJECT;
		}

		@Override
		public ConsentOutcome willSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices context) {
			return ConsentOutcome.PROCEED;
		}
	}
}
