package dk.godstart.hub.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Puts the token's caller on each FHIR request and refuses (403) an interaction its scopes do not name: reading or
 * searching a type needs r or s on it, writing needs c, u or d (checked per resource when it is stored, so every
 * entry of a transaction is checked too), and each operation needs what it touches.
 */
@Interceptor
public class CallerInterceptor implements HubServerInterceptor {

	/** Operations any authenticated caller may use: they look at what is posted or at terminology, not at stored data. */
	private static final Set<String> OPEN_OPERATIONS = Set.of("$validate", "$lookup", "$expand", "$validate-code",
			"$subsumes", "$translate");

	private final SecurityProperties properties;

	public CallerInterceptor(SecurityProperties properties) {
		this.properties = properties;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean identify(RequestDetails request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token) {
			callerOf(token.getToken()).attachTo(request);
		}
		return true;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void checkScopes(RequestDetails request, RestOperationTypeEnum operation) {
		HubCaller caller = HubCaller.of(request).orElseThrow();
		String type = request.getResourceName();
		Scopes scopes = caller.scopes();
		switch (operation) {
			case METADATA, GET_PAGE -> {
				// metadata is public; a page was allowed when its search was, and its resources are checked again
				// as they are loaded
			}
			case TRANSACTION, BATCH -> requireOnlyWrites(caller, request);
			case READ, VREAD, HISTORY_INSTANCE -> {
				require(scopes.permits(type, 'r'), caller, "read " + type);
				requireAuditorForTheTrail(caller, type);
			}
			case SEARCH_TYPE, HISTORY_TYPE -> {
				require(scopes.permits(type, 's'), caller, "search " + type);
				requireAuditorForTheTrail(caller, type);
				requireNoReverseChaining(caller, request);
			}
			case SEARCH_SYSTEM, HISTORY_SYSTEM -> require(scopes.permits("*", 's'), caller, "search across all types");
			case CREATE -> require(scopes.permits(type, 'c'), caller, "create " + type);
			case UPDATE, PATCH -> require(scopes.permits(type, 'u') || scopes.permits(type, 'c'), caller, "update " + type);
			case DELETE -> require(scopes.permits(type, 'd'), caller, "delete " + type);
			case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE ->
					checkOperation(caller, request.getOperation(), type, operation);
			default -> throw new ForbiddenOperationException("The hub does not offer " + operation.getCode() + " to clients.");
		}
	}

	/** The audit trail is read only with a scope that names it ({@link AccessPolicy#mayReadTheAuditTrail}). */
	private static void requireAuditorForTheTrail(HubCaller caller, String type) {
		if (ResourceKinds.AUDIT.equals(type)) {
			require(AccessPolicy.mayReadTheAuditTrail(caller), caller,
					"read the audit trail (it needs a scope naming AuditEvent, e.g. system/AuditEvent.rs)");
		}
	}

	/**
	 * {@code _has} filters what a caller sees by resources it may not see (which of its women have an observation of
	 * substance use recorded by someone else): it would tell what the filtered results do not. Not offered to clients.
	 */
	private static void requireNoReverseChaining(HubCaller caller, RequestDetails request) {
		if (request.getParameters().keySet().stream().anyMatch(name -> name.startsWith("_has"))) {
			throw new ForbiddenOperationException("_has is not offered to clients (" + caller.clientId()
					+ "): it would search by resources the caller may not see.");
		}
	}

	/**
	 * Each entry of a transaction or batch is checked as it is stored; reads are not offered inside them (the store
	 * looks things up unfiltered while writing, see {@link OrganisationScopedConsent}): read them on their own.
	 */
	private static void requireOnlyWrites(HubCaller caller, RequestDetails request) {
		org.hl7.fhir.instance.model.api.IBaseResource posted = request.getResource();
		if (posted == null && request.loadRequestContents() != null && request.loadRequestContents().length > 0) {
			ca.uhn.fhir.rest.api.EncodingEnum encoding = ca.uhn.fhir.rest.api.EncodingEnum.forContentType(request.getHeader("Content-Type"));
			posted = (encoding == null ? ca.uhn.fhir.rest.api.EncodingEnum.JSON : encoding).newParser(request.getFhirContext())
					.parseResource(new String(request.loadRequestContents(), java.nio.charset.StandardCharsets.UTF_8));
		}
		if (posted instanceof org.hl7.fhir.r4.model.Bundle bundle) {
			for (org.hl7.fhir.r4.model.Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				org.hl7.fhir.r4.model.Bundle.HTTPVerb verb = entry.getRequest().getMethod();
				if (verb == org.hl7.fhir.r4.model.Bundle.HTTPVerb.GET || verb == org.hl7.fhir.r4.model.Bundle.HTTPVerb.HEAD) {
					throw new ForbiddenOperationException("Reads inside a transaction or batch are not offered to clients ("
							+ caller.clientId() + "): send " + entry.getRequest().getUrl() + " as a request of its own.");
				}
			}
		}
	}

	private void checkOperation(HubCaller caller, String name, String type, RestOperationTypeEnum level) {
		Scopes scopes = caller.scopes();
		boolean allowed = switch (name) {
			case "$validate" -> level != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE || scopes.permits(type, 'r');
			// $meta of a type or of the server gathers the tags and profiles of every stored resource, other
			// organisations' patient data among them; of one resource it is checked like a read of it
			case "$meta" -> level == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE ? scopes.permits(type, 'r')
					: type != null && !ResourceKinds.isPatientData(type) && !ResourceKinds.SUBSCRIPTION.equals(type)
							&& scopes.permits(type, 'r');
			case "$process-message" -> scopes.permits("Bundle", 'c');
			case "$delivery-status" -> scopes.permits("Communication", 'r');
			case "$redeliver" -> caller.isOperator();
			case "$status", "$events" -> "Subscription".equals(type) && scopes.permits("Subscription", 'r');
			case "$postnatal-report" -> scopes.permits("MeasureReport", 'r') || caller.isOperator();
			default -> OPEN_OPERATIONS.contains(name) || caller.isOperator();
		};
		require(allowed, caller, "use " + name + (type == null ? "" : " on " + type));
	}

	private static void require(boolean allowed, HubCaller caller, String what) {
		if (!allowed) {
			throw new ForbiddenOperationException("The token of " + caller.clientId() + " does not allow it to " + what + ".");
		}
	}

	public HubCaller callerOf(Jwt token) {
		Object client = firstNonNull(token.getClaim("client_id"), token.getClaim("azp"), token.getSubject());
		Collection<String> scopes = scopes(firstNonNull(token.getClaim("scope"), token.getClaim("scp")));
		String organisation = token.getClaimAsString(properties.organisationClaim());
		String system = null;
		String value = null;
		if (organisation != null && organisation.contains("|")) {
			system = organisation.substring(0, organisation.indexOf('|'));
			value = organisation.substring(organisation.indexOf('|') + 1);
		}
		// a person's token (OpenID Connect: it names the person) whose subject is not the client itself
		String subject = token.getSubject();
		String name = token.getClaimAsString("name");
		HubCaller.Person person = subject != null && name != null && !subject.equals(String.valueOf(client))
				? new HubCaller.Person(subject, name) : null;
		return new HubCaller(String.valueOf(client), system, value, Scopes.of(scopes), person);
	}

	private static Collection<String> scopes(Object claim) {
		if (claim instanceof String text) {
			return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
		}
		if (claim instanceof Collection<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	private static Object firstNonNull(Object... values) {
		for (Object value : values) {
			if (value != null) {
				return value;
			}
		}
		return null;
	}
}
