package dk.godstart.hub.server.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Conditional writes whose criteria match patient data the caller may not see. HAPI matches a conditional create
 * ({@code If-None-Exist}), update, patch or delete against everything stored, and must (or a woman another
 * organisation registered would be stored twice by the hub's own look-ups, see {@link OrganisationScopedConsent});
 * but its answer to a match would hand the caller the other organisation's resource (body, {@code Location}) or
 * change it. So for a caller:
 * <ul>
 *   <li>a conditional create whose criteria match something it may not see is matched as if only what it may see
 *       were stored: with no visible match it stores the caller's own record, as a plain create would; with one it
 *       answers that one. Either way the answer is the one it would get if her record were not in the hub at all, so
 *       it learns nothing (not even that she is known here), and her record is untouched;</li>
 *   <li>a conditional update, patch or delete whose criteria match something it may not see changes nothing and is
 *       answered 412, with a message that names nothing matched. Answering as if nothing had matched would, for an
 *       update, mean storing a new record under the caller's criteria; that 412 says "something matched that you may
 *       not change" is the one thing it tells, to a caller whose token may write that type, and it is audited.</li>
 * </ul>
 * The same holds for the entries of a transaction or batch. Every visibility question is {@link AccessPolicy}'s.
 */
@Interceptor
public class ConditionalMatches implements HubServerInterceptor {

	/** After {@link CallerInterceptor} has put the caller on the request and checked its scopes. */
	private static final int AFTER_THE_CALLER_IS_KNOWN = 100;
	private static final int MOST_MATCHES_CHECKED = 50;
	static final String HIDDEN_MATCH = "Nothing was changed: the condition cannot be applied for this caller. "
			+ "Write by id what the caller's organisation takes part in.";

	private final AccessPolicy policy;
	private final DaoRegistry daos;
	private final MatchUrlService matchUrls;
	private final FhirContext fhirContext;

	public ConditionalMatches(AccessPolicy policy, DaoRegistry daos, MatchUrlService matchUrls, FhirContext fhirContext) {
		this.policy = policy;
		this.daos = daos;
		this.matchUrls = matchUrls;
		this.fhirContext = fhirContext;
	}

	/**
	 * A conditional create on the wire: the header is read when HAPI binds the method's parameters, before
	 * {@code SERVER_INCOMING_REQUEST_PRE_HANDLED}, so it is taken away here if it matches only hidden data.
	 */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = AFTER_THE_CALLER_IS_KNOWN)
	public boolean conditionalCreate(RequestDetails request) {
		String criteria = request.getHeader("If-None-Exist");
		if (criteria != null && !criteria.isBlank() && "POST".equals(request.getRequestType().name())
				&& request.getResourceName() != null && request.getId() == null && request.getOperation() == null
				&& matchesAnyHidden(request, request.getResourceName(), criteria)) {
			request.setHeaders("If-None-Exist", asIfOnlyTheVisible(request, request.getResourceName(), criteria));
		}
		return true;
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = AFTER_THE_CALLER_IS_KNOWN)
	public void conditionalChange(RequestDetails request, RestOperationTypeEnum operation) {
		if ((operation == RestOperationTypeEnum.UPDATE || operation == RestOperationTypeEnum.PATCH
				|| operation == RestOperationTypeEnum.DELETE) && request.getId() == null
				&& request.getConditionalUrl(operation) != null) {
			String url = request.getConditionalUrl(operation);
			if (matchesAnyHidden(request, request.getResourceName(), url.substring(url.indexOf('?') + 1))) {
				throw new PreconditionFailedException(HIDDEN_MATCH);
			}
		}
	}

	/** The entries of a transaction or batch, before HAPI resolves their conditions. */
	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
	public void inTransaction(IBaseBundle bundle, RequestDetails request) {
		if (HubCaller.of(request).isEmpty() || !(bundle instanceof Bundle transaction)) {
			return;
		}
		for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
			Bundle.BundleEntryRequestComponent entryRequest = entry.getRequest();
			String url = entryRequest.getUrl();
			if (entryRequest.getMethod() == Bundle.HTTPVerb.POST && entryRequest.hasIfNoneExist()) {
				String type = entry.getResource() != null ? entry.getResource().fhirType() : url;
				String criteria = entryRequest.getIfNoneExist();
				criteria = criteria.contains("?") ? criteria.substring(criteria.indexOf('?') + 1) : criteria;
				if (matchesAnyHidden(request, type, criteria)) {
					List<String> visible = asIfOnlyTheVisible(request, type, criteria);
					entryRequest.setIfNoneExist(visible.isEmpty() ? null : visible.get(0));
				}
			} else if ((entryRequest.getMethod() == Bundle.HTTPVerb.PUT || entryRequest.getMethod() == Bundle.HTTPVerb.PATCH
					|| entryRequest.getMethod() == Bundle.HTTPVerb.DELETE) && url != null && url.contains("?")) {
				if (matchesAnyHidden(request, url.substring(0, url.indexOf('?')), url.substring(url.indexOf('?') + 1))) {
					throw new PreconditionFailedException(HIDDEN_MATCH);
				}
			}
		}
	}

	/**
	 * The condition a create is matched with instead, as if only what the caller may see were stored: none (a plain
	 * create) when it sees no match, its one match by id, or the original criteria when it sees more than one (HAPI
	 * answers 412 to that, which the caller's own records explain).
	 */
	private List<String> asIfOnlyTheVisible(RequestDetails request, String type, String criteria) {
		List<String> visible = matches(request, type, criteria).stream().filter(match -> visible(request, match)).toList();
		if (visible.isEmpty()) {
			return List.of();
		}
		return List.of(visible.size() == 1 ? "_id=" + visible.get(0).substring(visible.get(0).indexOf('/') + 1) : criteria);
	}

	private boolean matchesAnyHidden(RequestDetails request, String type, String criteria) {
		return matches(request, type, criteria).stream().anyMatch(match -> !visible(request, match));
	}

	private boolean visible(RequestDetails request, String reference) {
		return policy.canSee(HubCaller.of(request).orElseThrow(), request, reference);
	}

	/** What the criteria match among everything stored, as the hub sees it; nothing for a caller-less request. */
	private List<String> matches(RequestDetails request, String type, String criteria) {
		if (HubCaller.of(request).isEmpty() || type == null || !ResourceKinds.isPatientData(type)
				|| !daos.isResourceTypeSupported(type)) {
			return List.of();
		}
		try {
			SearchParameterMap map = matchUrls.translateMatchUrl(type + "?" + criteria,
					fhirContext.getResourceDefinition(type));
			map.setLoadSynchronousUpTo(MOST_MATCHES_CHECKED);
			List<? extends IIdType> ids = daos.getResourceDao(type).searchForResourceIds(map, new SystemRequestDetails());
			return ids.stream().map(id -> type + "/" + id.getIdPart()).toList();
		} catch (RuntimeException unreadable) {
			// criteria HAPI cannot read are refused by HAPI itself, with its own message
			return List.of();
		}
	}
}
