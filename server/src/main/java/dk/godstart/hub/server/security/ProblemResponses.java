package dk.godstart.hub.server.security;

import ca.uhn.fhir.context.FhirContext;
import dk.godstart.hub.server.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The answers of requests refused before they reach the FHIR API, as FHIR clients expect them: an OperationOutcome
 * body with 401 (and the {@code WWW-Authenticate} header RFC 6750 asks for) when the token is missing, invalid or
 * expired, 403 when it does not allow the request, 413 when the body is too large. Each refusal is audited.
 */
public class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

	private final FhirContext fhirContext;
	private final ObjectProvider<AuditTrail> audit;
	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
	private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();

	public ProblemResponses(FhirContext fhirContext, ObjectProvider<AuditTrail> audit) {
		this.fhirContext = fhirContext;
		this.audit = audit;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException problem)
			throws IOException {
		bearer.commence(request, response, problem);
		String reason = request.getHeader("Authorization") == null
				? "This request needs a bearer token (Authorization: Bearer <token>)."
				: "The bearer token was refused: " + problem.getMessage();
		auditRefusal(request, HttpServletResponse.SC_UNAUTHORIZED, reason);
		write(response, HttpServletResponse.SC_UNAUTHORIZED, "login", reason);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException problem)
			throws IOException {
		bearerDenied.handle(request, response, problem);
		String reason = "The token does not allow this request.";
		auditRefusal(request, HttpServletResponse.SC_FORBIDDEN, reason);
		write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", reason);
	}

	public void write(HttpServletResponse response, int status, String issueType, String diagnostics) throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.fromCode(issueType))
				.setDiagnostics(diagnostics);
		response.setStatus(status);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(outcome));
	}

	private void auditRefusal(HttpServletRequest request, int status, String reason) {
		try {
			audit.getObject().refusedAtTheDoor(request, status, reason);
		} catch (RuntimeException e) {
			log.error("Could not audit a refused request to {}", request.getRequestURI(), e);
		}
	}
}
