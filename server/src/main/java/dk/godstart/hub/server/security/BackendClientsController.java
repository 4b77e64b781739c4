package dk.godstart.hub.server.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import dk.godstart.hub.server.audit.IssuerAudit;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' registration of SMART Backend Services clients, {@code /admin/clients} (scope
 * {@value Scopes#OPERATIONS}; {@link SecurityConfig} checks it): a region adds a municipality's case system without a
 * restart. The body uses RFC 7591's client metadata names: {@code client_id}, {@code client_name}, {@code scope}
 * (space-separated), {@code jwks} (a JWK set of public keys) or {@code jwks_uri}, and {@code organization}
 * ({@code system|value}, the organisation its tokens act for). Refusals are 400 with an RFC 7591 error body.
 * <ul>
 *   <li>{@code POST /admin/clients}: register (409 if the id is taken)</li>
 *   <li>{@code PUT /admin/clients/{id}}: register or replace (new keys, new scopes)</li>
 *   <li>{@code GET /admin/clients}, {@code GET /admin/clients/{id}}, {@code DELETE /admin/clients/{id}}</li>
 * </ul>
 */
@RestController
@Conditional(NoExternalIssuerCondition.class)
@RequestMapping("/admin/clients")
public class BackendClientsController {

	private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
	private static final Pattern ORGANISATION = Pattern.compile("[^|\\s]+\\|[^|\\s]+");
	private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

	/** A client as posted and as answered. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Registration(
			@JsonProperty("client_id") String clientId,
			@JsonProperty("client_name") String clientName,
			@JsonProperty("organization") String organisation,
			@JsonProperty("scope") String scope,
			@JsonProperty("jwks") JsonNode jwks,
			@JsonProperty("jwks_uri") String jwksUri,
			@JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
			@JsonProperty("grant_types") List<String> grantTypes,
			@JsonProperty("registered_at") Instant registeredAt,
			@JsonProperty("updated_at") Instant updatedAt) {}

	static class InvalidRegistration extends RuntimeException {
		InvalidRegistration(String message) {
			super(message);
		}
	}

	private final BackendClients clients;
	private final SecurityProperties security;
	private final BackendServicesProperties properties;
	private final IssuerAudit audit;
	private final CallerInterceptor callers;
	private final TransactionTemplate transactions;
	private final ObjectMapper json = new ObjectMapper();

	public BackendClientsController(BackendClients clients, SecurityProperties security,
			BackendServicesProperties properties, IssuerAudit audit, CallerInterceptor callers,
			PlatformTransactionManager transactionManager) {
		this.clients = clients;
		this.security = security;
		this.properties = properties;
		this.audit = audit;
		this.callers = callers;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@GetMapping
	public List<Registration> list() {
		return clients.all().stream().map(this::answer).toList();
	}

	@GetMapping("/{clientId}")
	public ResponseEntity<Object> one(@PathVariable String clientId) {
		return clients.find(clientId).<ResponseEntity<Object>>map(client -> ResponseEntity.ok(answer(client)))
				.orElseGet(() -> notFound(clientId));
	}

	@PostMapping
	public ResponseEntity<Object> register(@RequestBody Registration registration, HttpServletRequest request) {
		return audited(request, AuditEvent.AuditEventAction.C, registration.clientId(), () -> {
			BackendClients.Client client = checked(registration, registration.clientId());
			if (!clients.create(client)) {
				return ResponseEntity.status(HttpStatus.CONFLICT).body(error("invalid_client_metadata",
						"A client " + client.clientId() + " is registered already (PUT /admin/clients/" + client.clientId()
								+ " replaces it)."));
			}
			return ResponseEntity.status(HttpStatus.CREATED).body(answer(clients.find(client.clientId()).orElseThrow()));
		});
	}

	@PutMapping("/{clientId}")
	public ResponseEntity<Object> registerOrReplace(@PathVariable String clientId, @RequestBody Registration registration,
			HttpServletRequest request) {
		return audited(request, AuditEvent.AuditEventAction.U, clientId, () -> {
			if (registration.clientId() != null && !registration.clientId().equals(clientId)) {
				throw new InvalidRegistration("client_id in the body must be the one in the path");
			}
			BackendClients.Client client = checked(registration, clientId);
			boolean created = clients.createOrReplace(client);
			return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
					.body(answer(clients.find(clientId).orElseThrow()));
		});
	}

	@DeleteMapping("/{clientId}")
	public ResponseEntity<Object> delete(@PathVariable String clientId, HttpServletRequest request) {
		return audited(request, AuditEvent.AuditEventAction.D, clientId,
				() -> clients.delete(clientId) ? ResponseEntity.noContent().build() : notFound(clientId));
	}

	/**
	 * Makes a change (or refuses it) and records it in the audit trail in the same transaction: who changed which
	 * client, to what (scopes, organisation, where its keys come from; never the keys), or why it was refused.
	 */
	private ResponseEntity<Object> audited(HttpServletRequest request, AuditEvent.AuditEventAction action, String clientId,
			Supplier<ResponseEntity<Object>> change) {
		HubCaller operator = SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
				? callers.callerOf(token.getToken()) : HubCaller.ANONYMOUS;
		return transactions.execute(status -> {
			ResponseEntity<Object> answer;
			try {
				answer = change.get();
			} catch (InvalidRegistration problem) {
				answer = invalid(problem);
			}
			String registered = answer.getBody() instanceof Registration client ? "scope=" + client.scope()
					+ (client.organisation() == null ? "" : " organization=" + client.organisation())
					+ (client.jwksUri() != null ? " jwks_uri=" + client.jwksUri() : " jwks=inline") : null;
			String problem = answer.getBody() instanceof Map<?, ?> body ? String.valueOf(body.get("error_description")) : null;
			audit.clientRegistration(operator, request, action, clientId, registered, answer.getStatusCode().value(), problem);
			return answer;
		});
	}

	@ExceptionHandler(InvalidRegistration.class)
	ResponseEntity<Object> invalid(InvalidRegistration problem) {
		return ResponseEntity.badRequest().body(error("invalid_client_metadata", problem.getMessage()));
	}

	private BackendClients.Client checked(Registration registration, String clientId) {
		if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
			throw new InvalidRegistration("client_id is required: letters, digits, '.', '_', ':', '-' (at most 100)");
		}
		if (security.demoClients().stream().anyMatch(demo -> demo.id().equals(clientId))) {
			throw new InvalidRegistration("client_id " + clientId + " is a demo client's (godstart.security.demo-clients)");
		}
		String organisation = registration.organisation() == null || registration.organisation().isBlank()
				? null : registration.organisation().trim();
		if (organisation != null && !ORGANISATION.matcher(organisation).matches()) {
			throw new InvalidRegistration("organization must be system|value, e.g. "
					+ "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes|0461");
		}
		List<String> scopes = BackendClients.splitScopes(registration.scope());
		if (scopes.isEmpty()) {
			throw new InvalidRegistration("scope is required (space-separated SMART v2 system scopes)");
		}
		boolean inline = registration.jwks() != null && !registration.jwks().isNull();
		boolean byUrl = registration.jwksUri() != null && !registration.jwksUri().isBlank();
		if (inline == byUrl) {
			throw new InvalidRegistration("give exactly one of jwks (the client's public keys) and jwks_uri");
		}
		String jwks = inline ? checkedKeys(registration.jwks()) : null;
		String jwksUri = byUrl ? checkedUrl(registration.jwksUri().trim()) : null;
		return new BackendClients.Client(clientId, organisation, scopes, jwks, jwksUri, registration.clientName(), null, null);
	}

	private String checkedKeys(JsonNode jwks) {
		JWKSet set;
		try {
			set = JWKSet.parse(json.writeValueAsString(jwks));
		} catch (ParseException | com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new InvalidRegistration("jwks is not a JWK set: " + e.getMessage());
		}
		if (set.getKeys().isEmpty()) {
			throw new InvalidRegistration("jwks holds no key");
		}
		for (JWK key : set.getKeys()) {
			if (key.isPrivate()) {
				throw new InvalidRegistration("jwks must hold public keys only (key " + key.getKeyID() + " is private)");
			}
			if (!KeyType.RSA.equals(key.getKeyType()) && !KeyType.EC.equals(key.getKeyType())) {
				throw new InvalidRegistration("jwks may hold RSA (RS384) and EC (ES384) keys only");
			}
		}
		return set.toString(true);
	}

	private String checkedUrl(String url) {
		URI uri;
		try {
			uri = URI.create(url);
		} catch (IllegalArgumentException e) {
			throw new InvalidRegistration("jwks_uri is not a URL");
		}
		if (uri.getHost() == null) {
			throw new InvalidRegistration("jwks_uri is not an absolute URL");
		}
		if ("https".equals(uri.getScheme())) {
			return url;
		}
		if ("http".equals(uri.getScheme()) && properties.allowLoopbackHttp() && loopback(uri.getHost())) {
			return url;
		}
		throw new InvalidRegistration("jwks_uri must be https://"
				+ (properties.allowLoopbackHttp() ? " (or http:// to loopback)" : ""));
	}

	private static boolean loopback(String host) {
		if (LOOPBACK_NAMES.contains(host)) {
			return true;
		}
		try {
			return host.matches("[0-9.]+") && InetAddress.getByName(host).isLoopbackAddress();
		} catch (java.net.UnknownHostException e) {
			return false;
		}
	}

	private Registration answer(BackendClients.Client client) {
		JsonNode jwks = null;
		if (client.jwks() != null) {
			try {
				jwks = json.readTree(client.jwks());
			} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
				throw new IllegalStateException("A stored key set cannot be read", e);
			}
		}
		return new Registration(client.clientId(), client.clientName(), client.organisation(),
				String.join(" ", client.scopes()), jwks, client.jwksUri(), "private_key_jwt",
				List.of("client_credentials"), client.registeredAt(), client.updatedAt());
	}

	private static ResponseEntity<Object> notFound(String clientId) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("not_found", "No client " + clientId + " is registered."));
	}

	private static Map<String, String> error(String code, String description) {
		return Map.of("error", code, "error_description", description);
	}
}
