package dk.godstart.hub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.HubIntegrationTest;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SMART Backend Services as a municipality's case system does it: an operator registers the system (its organisation,
 * scopes and public keys), the system signs a client assertion with its own key (nimbus-jose-jwt, as any JOSE library
 * would) and trades it for a token at {@code POST /oauth2/token}, then calls the FHIR API with it. Keys are given
 * inline (RS384) or served at the system's own JWKS URL (ES384, a real HTTP server here), where they can be rotated
 * while the hub runs. Every assertion that is not exactly right is answered 401 {@code invalid_client}, no token.
 */
class BackendServicesIT extends HubIntegrationTest {

	private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
	private static final String SCOPES = "system/Patient.cruds system/Organization.rs";

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void aSystemWithAnInlineRs384KeyGetsATokenForItsOrganisationAndUsesIt() throws Exception {
		RSAKey key = rsaKey();
		String client = register(Map.of("jwks", publicSet(key)));

		HttpResponse<String> issued = tokenFor(assertion(client, key, JWSAlgorithm.RS384, claims(client).build()));
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		JsonNode token = json.readTree(issued.body());
		assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
		JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(token.get("access_token").asText().split("\\.")[1]));
		assertThat(claims.get("client_id").asText()).isEqualTo(client);
		assertThat(claims.get("organization").asText()).isEqualTo(GodStartIg.SOR_SYSTEM + "|" + hospitalSor);
		assertThat(claims.get("scope").asText()).isEqualTo(SCOPES);

		String accessToken = token.get("access_token").asText();
		HttpResponse<String> directory = send(anonymousRequest("/fhir/Organization?identifier=" + GodStartIg.SOR_SYSTEM
				+ "%7C" + hospitalSor).header("Authorization", bearer(accessToken)).header("Accept", "application/fhir+json"));
		assertThat(directory.statusCode()).as(directory.body()).isEqualTo(200);
		assertThat(directory.body()).contains(hospitalSor);

		Patient woman = new Patient();
		woman.addIdentifier().setSystem(CPR_SYSTEM).setValue(newCpr());
		woman.addName().setFamily("Jensen").addGiven("Maja");
		woman.setGender(AdministrativeGender.FEMALE);
		assertThat(clientWithToken(accessToken).create().resource(woman).execute().getCreated()).isTrue();
	}

	@Test
	void aSystemWithAnEs384KeyAtItsJwksUrlRotatesItWithoutARestart() throws Exception {
		ECKey first = ecKey();
		AtomicReference<String> served = new AtomicReference<>(publicSet(first).toString());
		HttpServer jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		jwksServer.createContext("/jwks.json", exchange -> {
			byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		jwksServer.start();
		try {
			String url = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json";
			String client = register(Map.of("jwks_uri", url));

			HttpResponse<String> issued = tokenFor(assertion(client, first, JWSAlgorithm.ES384, claims(client).build()));
			assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
			String accessToken = json.readTree(issued.body()).get("access_token").asText();
			assertThat(send(anonymousRequest("/fhir/Organization?_count=1").header("Authorization", bearer(accessToken)))
					.statusCode()).isEqualTo(200);

			ECKey second = ecKey();
			served.set(publicSet(second).toString());
			HttpResponse<String> afterRotation =
					tokenFor(assertion(client, second, JWSAlgorithm.ES384, claims(client).build()));
			assertThat(afterRotation.statusCode()).as("a new key id is fetched from the URL: " + afterRotation.body())
					.isEqualTo(200);
			HttpResponse<String> retiredKey = tokenFor(assertion(client, first, JWSAlgorithm.ES384, claims(client).build()));
			assertThat(retiredKey.statusCode()).as("the retired key no longer counts").isEqualTo(401);
		} finally {
			jwksServer.stop(0);
		}
	}

	enum BadAssertion {
		WRONG_AUDIENCE, EXPIRED, EXPIRES_TOO_FAR_AHEAD, REPLAYED_JTI, UNKNOWN_KEY, ALG_NONE, HS256_WITH_A_SECRET,
		ISS_IS_NOT_SUB, UNREGISTERED_CLIENT
	}

	@ParameterizedTest
	@EnumSource(BadAssertion.class)
	void anAssertionThatIsNotExactlyRightGets401InvalidClientAndNoToken(BadAssertion bad) throws Exception {
		RSAKey key = rsaKey();
		String client = register(Map.of("jwks", publicSet(key)));
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = claims(client);
		String assertion = switch (bad) {
			case WRONG_AUDIENCE -> assertion(client, key, JWSAlgorithm.RS384,
					claims.audience("http://localhost:" + port + "/fhir").build());
			case EXPIRED -> assertion(client, key, JWSAlgorithm.RS384,
					claims.issueTime(Date.from(now.minus(Duration.ofMinutes(15))))
							.expirationTime(Date.from(now.minus(Duration.ofMinutes(10)))).build());
			case EXPIRES_TOO_FAR_AHEAD -> assertion(client, key, JWSAlgorithm.RS384,
					claims.expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build());
			case REPLAYED_JTI -> {
				String once = assertion(client, key, JWSAlgorithm.RS384, claims.build());
				assertThat(tokenFor(once).statusCode()).as("its first use").isEqualTo(200);
				yield once;
			}
			case UNKNOWN_KEY -> assertion(client, rsaKey(), JWSAlgorithm.RS384, claims.build());
			case ALG_NONE -> new PlainJWT(claims.build()).serialize();
			case HS256_WITH_A_SECRET -> {
				SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID())
						.type(JOSEObjectType.JWT).build(), claims.build());
				jwt.sign(new MACSigner("a-shared-secret-of-at-least-256-bits!!".getBytes(StandardCharsets.UTF_8)));
				yield jwt.serialize();
			}
			case ISS_IS_NOT_SUB -> assertion(client, key, JWSAlgorithm.RS384, claims.issuer("someone-else").build());
			case UNREGISTERED_CLIENT -> {
				String nobody = "unregistered-" + UUID.randomUUID();
				yield assertion(nobody, key, JWSAlgorithm.RS384, claims(nobody).build());
			}
		};

		HttpResponse<String> refused = tokenFor(assertion);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
		assertThat(json.readTree(refused.body()).get("error").asText()).isEqualTo("invalid_client");
		assertThat(refused.body()).doesNotContain("access_token");
	}

	@Test
	void onlyOperatorsRegisterAndARegistrationWithAPrivateKeyOrNoKeysIsRefused() throws Exception {
		Map<String, Object> body = registration("refused-" + UUID.randomUUID(), Map.of("jwks", publicSet(rsaKey())));
		assertThat(send(adminRequest(hospitalToken).POST(publish(body))).statusCode()).isEqualTo(403);
		assertThat(send(anonymousRequest("/admin/clients").header("Content-Type", "application/json").POST(publish(body)))
				.statusCode()).isEqualTo(401);

		RSAKey key = rsaKey();
		Map<String, Object> withPrivateKey = registration("refused-" + UUID.randomUUID(),
				Map.of("jwks", json.readTree(new JWKSet(key).toString(false))));
		HttpResponse<String> privateKey = send(adminRequest(operatorToken).POST(publish(withPrivateKey)));
		assertThat(privateKey.statusCode()).as(privateKey.body()).isEqualTo(400);
		assertThat(privateKey.body()).contains("invalid_client_metadata").doesNotContain(key.getPrivateExponent().toString());
		Map<String, Object> noKeys = registration("refused-" + UUID.randomUUID(), Map.of());
		assertThat(send(adminRequest(operatorToken).POST(publish(noKeys))).statusCode()).isEqualTo(400);
	}

	@Test
	void aRegisteredClientIsListedAndADeletedOneGetsNoMoreTokens() throws Exception {
		RSAKey key = rsaKey();
		String client = register(Map.of("jwks", publicSet(key)));
		HttpResponse<String> listed = send(adminRequest(operatorToken).uri(java.net.URI.create(
				"http://localhost:" + port + "/admin/clients/" + client)).GET());
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(json.readTree(listed.body()).get("token_endpoint_auth_method").asText()).isEqualTo("private_key_jwt");

		assertThat(send(adminRequest(operatorToken).uri(java.net.URI.create(
				"http://localhost:" + port + "/admin/clients/" + client)).DELETE()).statusCode()).isEqualTo(204);
		assertThat(tokenFor(assertion(client, key, JWSAlgorithm.RS384, claims(client).build())).statusCode())
				.isEqualTo(401);
	}

	@Test
	void theIssuerAuditsEveryTokenItIssuesOrRefusesAndEveryChangeToARegistration() throws Exception {
		RSAKey key = rsaKey();
		String client = register(Map.of("jwks", publicSet(key)));
		String assertion = assertion(client, key, JWSAlgorithm.RS384, claims(client).build());
		HttpResponse<String> issued = tokenFor(assertion);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		JsonNode token = json.readTree(Base64.getUrlDecoder().decode(
				json.readTree(issued.body()).get("access_token").asText().split("\\.")[1]));
		assertThat(tokenFor(assertion).statusCode()).as("the same assertion again").isEqualTo(401);
		Map<String, Object> withPrivateKey = registration(client, Map.of("jwks", json.readTree(new JWKSet(rsaKey()).toString(false))));
		assertThat(send(adminRequest(operatorToken).uri(java.net.URI.create("http://localhost:" + port + "/admin/clients/"
				+ client)).PUT(publish(withPrivateKey))).statusCode()).isEqualTo(400);
		assertThat(send(adminRequest(operatorToken).uri(java.net.URI.create("http://localhost:" + port + "/admin/clients/"
				+ client)).DELETE()).statusCode()).isEqualTo(204);

		IGenericClient auditor = clientFor(null, List.of("system/AuditEvent.rs"));
		List<AuditEvent> tokenRequests = search(auditor, "AuditEvent?subtype=110122&altid=" + client);
		assertThat(tokenRequests).as("the token issued and the replay refused").hasSize(2);
		AuditEvent given = tokenRequests.stream().filter(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._0)
				.findFirst().orElseThrow();
		assertThat(given.getType().getCode()).isEqualTo("110114");
		AuditEvent.AuditEventAgentComponent requestor = given.getAgent().stream()
				.filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
		assertThat(requestor.getWho().getIdentifier().getValue()).isEqualTo(client);
		assertThat(requestor.getPolicy()).extracting(p -> p.getValue()).containsExactly("private_key_jwt");
		assertThat(requestor.getNetwork().getAddress()).isNotBlank();
		assertThat(given.getAgent()).extracting(AuditEvent.AuditEventAgentComponent::getName)
				.contains(GodStartIg.SOR_SYSTEM + "|" + hospitalSor);
		assertThat(given.getEntity()).hasSize(1);
		assertThat(given.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo(token.get("jti").asText());
		assertThat(given.getEntityFirstRep().getDetailFirstRep().getValue().primitiveValue()).isEqualTo(SCOPES);
		assertThat(fhirContext.newJsonParser().encodeResourceToString(given))
				.doesNotContain(json.readTree(issued.body()).get("access_token").asText().split("\\.")[2]);
		AuditEvent replay = tokenRequests.stream().filter(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._4)
				.findFirst().orElseThrow();
		assertThat(replay.getOutcomeDesc()).startsWith("401 invalid_client");
		assertThat(replay.getEntity()).isEmpty();

		List<AuditEvent> changes = search(auditor, "AuditEvent?subtype=110137&altid=test-operator&_count=500").stream()
				.filter(e -> e.getEntity().stream().anyMatch(entity -> client.equals(entity.getWhat().getIdentifier().getValue())))
				.toList();
		assertThat(changes).as("registered, a replacement refused, deleted").hasSize(3);
		assertThat(changes).extracting(AuditEvent::getAction, AuditEvent::getOutcome).containsExactlyInAnyOrder(
				org.assertj.core.groups.Tuple.tuple(AuditEvent.AuditEventAction.C, AuditEvent.AuditEventOutcome._0),
				org.assertj.core.groups.Tuple.tuple(AuditEvent.AuditEventAction.U, AuditEvent.AuditEventOutcome._4),
				org.assertj.core.groups.Tuple.tuple(AuditEvent.AuditEventAction.D, AuditEvent.AuditEventOutcome._0));
		AuditEvent registered = changes.stream().filter(e -> e.getAction() == AuditEvent.AuditEventAction.C).findFirst().orElseThrow();
		assertThat(registered.getEntityFirstRep().getDetailFirstRep().getValue().primitiveValue())
				.contains("scope=" + SCOPES).contains("jwks=inline");
		AuditEvent refusedChange = changes.stream().filter(e -> e.getAction() == AuditEvent.AuditEventAction.U).findFirst().orElseThrow();
		assertThat(refusedChange.getOutcomeDesc()).startsWith("400").contains("private");
	}

	private static List<AuditEvent> search(IGenericClient auditor, String query) {
		return auditor.search().byUrl(query).returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute().getEntry().stream()
				.map(entry -> (AuditEvent) entry.getResource()).toList();
	}

	@Test
	void theSmartConfigurationAnnouncesBackendServices() throws Exception {
		JsonNode configuration = json.readTree(send(anonymousRequest("/fhir/.well-known/smart-configuration")).body());
		assertThat(configuration.get("token_endpoint_auth_methods_supported").toString()).contains("private_key_jwt");
		assertThat(configuration.get("token_endpoint_auth_signing_alg_values_supported").toString())
				.contains("RS384").contains("ES384");
		assertThat(configuration.get("capabilities").toString())
				.contains("client-confidential-asymmetric").contains("permission-v2");
		assertThat(configuration.get("grant_types_supported").toString()).isEqualTo("[\"client_credentials\"]");
		assertThat(configuration.get("scopes_supported").isArray()).isTrue();
		assertThat(send(anonymousRequest("/fhir/metadata").header("Accept", "application/fhir+json")).body())
				.contains("client-confidential-asymmetric").contains("private_key_jwt");
	}

	// --- what a backend does ---------------------------------------------------------------------------------

	private JWTClaimsSet.Builder claims(String client) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder()
				.issuer(client)
				.subject(client)
				.audience("http://localhost:" + port + "/oauth2/token")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plus(Duration.ofMinutes(4))))
				.jwtID(UUID.randomUUID().toString());
	}

	private static String assertion(String client, JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT)
				.build(), claims);
		jwt.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
		return jwt.serialize();
	}

	private HttpResponse<String> tokenFor(String assertion) throws Exception {
		String form = "grant_type=client_credentials"
				+ "&scope=" + URLEncoder.encode(SCOPES, StandardCharsets.UTF_8)
				+ "&client_assertion_type=" + URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8)
				+ "&client_assertion=" + assertion;
		return send(anonymousRequest("/oauth2/token")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private static RSAKey rsaKey() throws Exception {
		return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
	}

	private static ECKey ecKey() throws Exception {
		return new ECKeyGenerator(Curve.P_384).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
	}

	private JsonNode publicSet(JWK key) throws Exception {
		return json.readTree(new JWKSet(key).toString(true));
	}

	// --- what an operator does -------------------------------------------------------------------------------

	/** Registers a new client for the test hospital with {@code keys} (jwks or jwks_uri); its client id. */
	private String register(Map<String, Object> keys) throws Exception {
		String client = "case-system-" + UUID.randomUUID();
		HttpResponse<String> registered = send(adminRequest(operatorToken).POST(publish(registration(client, keys))));
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		return client;
	}

	private Map<String, Object> registration(String client, Map<String, Object> keys) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("client_id", client);
		body.put("client_name", "A case system of the test hospital");
		body.put("organization", GodStartIg.SOR_SYSTEM + "|" + hospitalSor);
		body.put("scope", SCOPES);
		body.putAll(keys);
		return body;
	}

	private HttpRequest.BodyPublisher publish(Object body) throws Exception {
		return HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
	}

	private HttpRequest.Builder adminRequest(String token) {
		return anonymousRequest("/admin/clients").header("Authorization", bearer(token))
				.header("Content-Type", "application/json");
	}

}
