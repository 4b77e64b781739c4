package dk.godstart.hub.server.security;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Filters what a caller gets back through HAPI's consent machinery, which asks before each stored resource is loaded
 * for a read, a search page, an {@code _include}, or the body of a write's answer: a resource the {@link AccessPolicy}
 * does not let the caller see is left out of a search and answered 404 on a read, as if it did not exist.
 */
public class OrganisationScopedConsent extends ConsentInterceptor implements HubServerInterceptor {

	public OrganisationScopedConsent(AccessPolicy policy) {
		super(new Service(policy));
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
