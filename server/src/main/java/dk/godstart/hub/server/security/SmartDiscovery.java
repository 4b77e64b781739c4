package dk.godstart.hub.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * How a client finds out how to get a token, the SMART App Launch v2 way: {@code rest.security} in the
 * CapabilityStatement (service SMART-on-FHIR, the token endpoint in the oauth-uris extension, the capabilities) and
 * {@code GET /fhir/.well-known/smart-configuration} (client_credentials; at the hub's own issuer with a client secret
 * or, SMART Backend Services, a JWT signed RS384 or ES384 by the client's key; the scopes in use).
 */
@Interceptor
public class SmartDiscovery extends OncePerRequestFilter implements HubServerInterceptor {

	private static final String WELL_KNOWN = "/fhir/.well-known/smart-configuration";
	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String CAPABILITIES = "http://fhir-registry.smarthealthit.org/StructureDefinition/capabilities";

	/** The token endpoint: the external issuer's, or {@code null} for the hub's own at {@code /oauth2/token}. */
	private final String externalTokenEndpoint;
	/** Whether the hub issues tokens itself (and so takes client assertions, SMART Backend Services). */
	private final boolean embeddedIssuer;

	public SmartDiscovery(String externalTokenEndpoint, boolean embeddedIssuer) {
		this.externalTokenEndpoint = externalTokenEndpoint;
		this.embeddedIssuer = embeddedIssuer;
	}

	private List<String> authMethods() {
		return embeddedIssuer
				? List.of("private_key_jwt", "client_secret_basic", "client_secret_post")
				: List.of("client_secret_basic", "client_secret_post");
	}

	private List<String> capabilities() {
		return embeddedIssuer
				? List.of("client-confidential-asymmetric", "client-confidential-symmetric", "permission-v2")
				: List.of("client-confidential-symmetric", "permission-v2");
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
					+ "caller's organisation in the 'organization' claim (system|value). Client authentication at the "
					+ "token endpoint: " + String.join(", ", authMethods())
					+ (embeddedIssuer ? " (SMART Backend Services: a JWT signed RS384 or ES384 with the client's key)" : "")
					+ ".");
			Extension oauth = security.addExtension().setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
			oauth.addExtension("token", new UriType(tokenEndpoint));
			for (String capability : capabilities()) {
				security.addExtension(CAPABILITIES, new CodeType(capability));
			}
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
		Map<String, Object> configuration = new LinkedHashMap<>();
		configuration.put("token_endpoint", tokenEndpoint(base));
		configuration.put("grant_types_supported", List.of("client_credentials"));
		configuration.put("token_endpoint_auth_methods_supported", authMethods());
		if (embeddedIssuer) {
			configuration.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
		}
		configuration.put("scopes_supported", List.of("system/*.rs", "system/*.cruds", "hub/operations"));
		configuration.put("capabilities", capabilities());
		response.getWriter().write(JSON.writeValueAsString(configuration));
	}

	private String tokenEndpoint(String base) {
		return externalTokenEndpoint != null ? externalTokenEndpoint : base + "/oauth2/token";
	}
}
