package dk.godstart.hub.server.drills;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** What the drills share: tokens from a node's own issuer key, FHIR clients, waiting, and the summary line. */
final class Drills {

	private Drills() {}

	/** A token signer with the node's own issuer key, which the nodes keep in their database. */
	static NimbusJwtEncoder signingKeyOf(HttpClient http, HubProcess node, DrillDatabase database) throws Exception {
		// The key is made on first use: one token from the issuer's endpoint makes sure it exists.
		HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(node.rootUrl() + "/oauth2/token"))
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
						"demo-admin:demo-admin-secret".getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		RSAKey key = RSAKey.parse(database.column("SELECT jwk FROM hub_signing_key WHERE singleton").get(0));
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
	}

	static IGenericClient client(FhirContext fhirContext, HubProcess node, String token) {
		IGenericClient client = fhirContext.newRestfulGenericClient(node.baseUrl());
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		return client;
	}

	static void check(List<String> failures, boolean ok, String failure) {
		if (!ok) {
			failures.add(failure);
		}
	}

	/** Prints "drill &lt;name&gt;: passed|FAILED [...] - counts", the line the README quotes. */
	static void summary(String drill, List<String> failures, String format, Object... counts) {
		System.out.printf("drill %s: %s - %s%n", drill, failures.isEmpty() ? "passed" : "FAILED " + failures,
				String.format(format, counts));
	}

	/** An HL7 v2.5 ADT A01 from {@code facility} (its SOR code) admitting the woman with {@code cpr} on {@code visit}. */
	static String admission(String facility, String cpr, String controlId, String visit) {
		return String.join("\r",
				"MSH|^~\\&|OPUS-ADT|" + facility + "|GODSTART|HUB|20251124083000||ADT^A01^ADT_A01|" + controlId + "|P|2.5",
				"EVN|A01|20251124083000",
				"PID|1||" + cpr + "^^^CPR||Jensen^Ditte||19960314|F|||Boulevarden 1^^Aalborg^^9000^DK^H^^0851",
				"PV1|1|I|FOED^101^1^" + facility + "||||||||||||||||" + visit + "|||||||||||||||||||||||||202511240830");
	}

	static boolean waitUntil(Duration timeout, BooleanSupplier done) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!done.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			HubProcess.sleep(100);
		}
		return true;
	}
}
