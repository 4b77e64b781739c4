package dk.godstart.hub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dk.godstart.hub.server.GodStartHubApplication;
import dk.godstart.hub.server.support.TestDatabase;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Production's set-up: the region's identity provider issues the tokens (here a real HTTP peer serving its JWKS) and
 * the hub only checks them. The hub's own issuer and its demo clients are then gone.
 */
class ExternalIssuerIT {

	static HttpServer identityProvider;
	static RSAKey providerKey;
	static ConfigurableApplicationContext hub;
	/** New to the (shared, lasting) database: were anything seeded, this would be. */
	static final String UNSEEDED = "external-issuer-it-" + UUID.randomUUID();
	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws Exception {
		providerKey = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		String jwks = new JWKSet(providerKey.toPublicJWK()).toString();
		identityProvider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		identityProvider.createContext("/jwks", exchange -> {
			byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		identityProvider.start();
		TestDatabase database = TestDatabase.get();
		hub = new SpringApplicationBuilder(GodStartHubApplication.class).run(
				"--server.port=0",
				"--spring.datasource.url=" + database.jdbcUrl,
				"--spring.datasource.username=" + database.username,
				"--spring.datasource.password=" + database.password,
				"--godstart.delivery.enabled=false",
				"--godstart.mllp.enabled=false",
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:"
						+ identityProvider.getAddress().getPort() + "/jwks",
				"--godstart.security.external-token-endpoint=https://idp.rn.example/oauth2/token",
				// what the demo profile would seed, asked for outright: production must not seed it all the same
				"--godstart.demo.seed-directory=true",
				"--godstart.demo.organisations[0].id=" + UNSEEDED,
				"--godstart.demo.organisations[0].name=Not to be seeded",
				"--godstart.demo.organisations[0].type=hospital-department");
	}

	@AfterAll
	static void stop() {
		if (hub != null) {
			hub.close();
		}
		if (identityProvider != null) {
			identityProvider.stop(0);
		}
	}

	@Test
	void aTokenFromTheIdentityProviderIsAcceptedAndTheHubIssuesNone() throws Exception {
		assertThat(hub.getBeanProvider(RegisteredClientRepository.class).getIfAvailable()).as("no demo clients").isNull();
		assertThat(hub.getEnvironment().getActiveProfiles()).as("no demo profile").doesNotContain("demo");
		assertThat(hub.getBeanProvider(dk.godstart.hub.server.demo.DemoDirectory.class).getIfAvailable())
				.as("no seeded directory").isNull();

		HttpResponse<String> withProviderToken = get("/fhir/Organization?_count=1", token(providerKey));
		assertThat(withProviderToken.statusCode()).as(withProviderToken.body()).isEqualTo(200);

		RSAKey stranger = new RSAKeyGenerator(2048).keyID(providerKey.getKeyID()).generate();
		assertThat(get("/fhir/Organization?_count=1", token(stranger)).statusCode())
				.as("same key id, another key: a forgery").isEqualTo(401);

		for (String demoClient : new String[] {"demo-gp", "demo-hospital"}) {
			HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/oauth2/token"))
					.header("Authorization", "Basic " + java.util.Base64.getEncoder()
							.encodeToString((demoClient + ":" + demoClient + "-secret").getBytes(StandardCharsets.UTF_8)))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
			assertThat(refused.statusCode()).as(demoClient).isEqualTo(401);
			assertThat(refused.body()).as(demoClient).doesNotContain("access_token");
		}

		assertThat(get("/fhir/.well-known/smart-configuration", null).body())
				.contains("https://idp.rn.example/oauth2/token");
	}

	/** Not even as configuration: application-demo.yaml was not read, so nothing could turn its clients on. */
	@Test
	void theDemoClientsAreNotConfigured() {
		assertThat(hub.getBean(SecurityProperties.class).demoClients()).isEmpty();
		assertThat(hub.getEnvironment().getProperty("godstart.security.demo-clients[0].id")).isNull();
	}

	/** The demo profile seeds the directory at start-up (ready event); production does not, even when told to. */
	@Test
	void noOrganisationIsSeeded() throws Exception {
		HttpResponse<String> seeded = get("/fhir/Organization/" + UNSEEDED, token(providerKey));
		assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(404);
	}

	private static String token(RSAKey key) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder()
				.subject("aalborg-case-system")
				.claim("client_id", "aalborg-case-system")
				.claim("scope", "system/Organization.rs system/Communication.rs")
				.claim("organization", "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes|0851")
				.issueTime(new Date())
				.expirationTime(new Date(System.currentTimeMillis() + 600_000))
				.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create("http://localhost:" + hub.getEnvironment().getProperty("local.server.port") + path);
	}
}
