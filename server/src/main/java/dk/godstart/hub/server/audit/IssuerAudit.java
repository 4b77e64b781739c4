package dk.godstart.hub.server.audit;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dk.godstart.hub.server.security.HubCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The audit trail of the hub's own token issuer and of the operators' client registrations: every token issued, every
 * token request refused (a bad client assertion, a wrong secret, a scope the client does not have), and every change
 * to {@code /admin/clients}, in the same table and search as the FHIR API's records ({@code AuditEvent?subtype=110122}
 * for token requests, {@code 110137} for registration changes). A token is issued only once its record is written.
 */
public class IssuerAudit {

	private final AuditRecords records;
	private final String organisationClaim;

	public IssuerAudit(AuditRecords records, String organisationClaim) {
		this.records = records;
		this.organisationClaim = organisationClaim;
	}

	/** Records each token issued, then answers with {@code answer}. */
	public AuthenticationSuccessHandler issued(AuthenticationSuccessHandler answer) {
		return (request, response, authentication) -> {
			if (authentication instanceof OAuth2AccessTokenAuthenticationToken token) {
				records.recordNow(issuedEvent(request, token));
			}
			answer.onAuthenticationSuccess(request, response, authentication);
		};
	}

	/** Records each token request refused, then answers with {@code answer}. */
	public AuthenticationFailureHandler refused(AuthenticationFailureHandler answer) {
		return (request, response, exception) -> {
			records.recordNow(refusedEvent(request, exception));
			answer.onAuthenticationFailure(request, response, exception);
		};
	}

	/**
	 * Records an operator's change of a client registration, or its refusal ({@code status} not 2xx, {@code problem}
	 * saying why), in the current transaction: the change and its record commit together.
	 */
	public void clientRegistration(HubCaller operator, HttpServletRequest request, AuditEvent.AuditEventAction action,
			String clientId, String registered, int status, String problem) {
		AuditEvent event = AuditEvents.clientRegistration(operator, request.getRemoteAddr(), action,
				clientId == null ? "(none)" : clientId, registered);
		if (status >= 300) {
			AuditEvents.failed(event, status, problem);
		}
		records.recordWithCurrentTransaction(event);
	}

	AuditEvent issuedEvent(HttpServletRequest request, OAuth2AccessTokenAuthenticationToken token) {
		String method = token.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getClientAuthenticationMethod() != null ? client.getClientAuthenticationMethod().getValue() : null;
		JWTClaimsSet claims = claims(token.getAccessToken().getTokenValue()).orElse(null);
		String organisation = claims == null ? null : stringClaim(claims, organisationClaim);
		AuditEvent event = AuditEvents.tokenRequest(token.getRegisteredClient().getClientId(), organisation,
				request.getRemoteAddr(), method);
		AuditEvents.token(event, claims == null ? null : claims.getJWTID(),
				List.copyOf(token.getAccessToken().getScopes()));
		return event;
	}

	AuditEvent refusedEvent(HttpServletRequest request, AuthenticationException exception) {
		String error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "invalid_request";
		String description = exception instanceof OAuth2AuthenticationException oauth
				&& oauth.getError().getDescription() != null ? oauth.getError().getDescription() : exception.getMessage();
		AuditEvent event = AuditEvents.tokenRequest(claimedClient(request), null, request.getRemoteAddr(),
				claimedMethod(request));
		AuditEvents.failed(event, "invalid_client".equals(error) ? 401 : 400,
				error + (description == null ? "" : ": " + description));
		return event;
	}

	/**
	 * The client a refused request said it was: its {@code client_id}, the user of its Basic credentials, or the
	 * subject of its client assertion (read, not trusted: the request was refused).
	 */
	static String claimedClient(HttpServletRequest request) {
		String clientId = request.getParameter("client_id");
		if (clientId != null && !clientId.isBlank()) {
			return limit(clientId);
		}
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
						StandardCharsets.UTF_8);
				int colon = credentials.indexOf(':');
				return limit(java.net.URLDecoder.decode(colon < 0 ? credentials : credentials.substring(0, colon),
						StandardCharsets.UTF_8));
			} catch (IllegalArgumentException e) {
				return null;
			}
		}
		String assertion = request.getParameter("client_assertion");
		return assertion == null ? null : claims(assertion).map(JWTClaimsSet::getSubject).map(IssuerAudit::limit).orElse(null);
	}

	private static String claimedMethod(HttpServletRequest request) {
		if (request.getParameter("client_assertion") != null) {
			return "private_key_jwt";
		}
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return "client_secret_basic";
		}
		return request.getParameter("client_secret") != null ? "client_secret_post" : null;
	}

	private static Optional<JWTClaimsSet> claims(String jwt) {
		try {
			return Optional.of(SignedJWT.parse(jwt).getJWTClaimsSet());
		} catch (ParseException | RuntimeException e) {
			return Optional.empty();
		}
	}

	private static String stringClaim(JWTClaimsSet claims, String name) {
		Object value = claims.getClaim(name);
		return value == null ? null : String.valueOf(value);
	}

	private static String limit(String value) {
		return value.length() > 100 ? value.substring(0, 100) : value;
	}
}
