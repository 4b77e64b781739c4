package dk.godstart.hub.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * How a client finds out how to get a token, the SMART App Launch way: {@code rest.security} in the
 * CapabilityStatement (service SMART-on-FHIR, with the token endpoint in the oauth-uris extension) and
 * {@code GET /fhir/.well-known/smart-configuration} (client-credentials with a client secret, the scopes in use).
 */
@Interceptor
public class SmartDiscovery extends OncePerRequestFilter implements HubServerInterceptor {

	private static final String WELL_KNOWN = "/fhir/.well-known/smart-configuration";

	/** The token endpoint: the external issuer's, or {@code null} for the hub's own at {@code /oauth2/token}. */
	private final String externalTokenEndpoint;

	public SmartDiscovery(String externalTokenEndpoint) {
		this.externalTokenEndpoint = externalTokenEndpoint;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void describeSecurity(IBaseConformance capabilities, RequestDetails request) {
		if (!(capabilities instanceof CapabilityStatement statement)) {
			return;
		}
		String tokenEndpoint = tokenEndpoint(request.getFhirServerBase().replaceAll("/fhir/?$", ""));
		for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
			CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
			security.setCors(false);
			security.addService(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART on FHIR")));
			security.setDescription("OAuth2 bearer tokens (client_credentials) with SMART v2 system scopes and the "
					+ "caller's organisation in the 'organization' claim (system|value).");
			Extension oauth = security.addExtension().setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
			oauth.addExtension("token", new UriType(tokenEndpoint));
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !WELL_KNOWN.equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String base = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
		response.setContentType("application/json");
		response.getWriter().write("""
				{"token_endpoint":"%s",
				 "grant_types_supported":["client_credentials"],
				 "token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"],
				 "scopes_supported":["system/*.rs","system/*.cruds","hub/operations"],
				 "capabilities":["client-confidential-symmetric","permission-v2"]}
				""".formatted(tokenEndpoint(base)));
	}

	private String tokenEndpoint(String base) {
		return externalTokenEndpoint != null ? externalTokenEndpoint : base + "/oauth2/token";
	}
}
