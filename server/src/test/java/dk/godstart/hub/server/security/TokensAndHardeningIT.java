package dk.godstart.hub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.godstart.hub.server.support.HubIntegrationTest;
import dk.godstart.hub.server.support.HubTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Getting a token from the hub's own issuer as the quick start does, and what the hub answers without one, with a
 * bad one, or with hostile input: always a FHIR OperationOutcome with the right status, never its insides.
 */
class TokensAndHardeningIT extends HubIntegrationTest {

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void aalborgsDemoClientGetsATokenWithItsScopesAndOrganisationAndUsesIt() throws Exception {
		HttpResponse<String> issued = askForToken("demo-municipality-0851", "demo-municipality-0851-secret");

		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		JsonNode token = json.readTree(issued.body());
		assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
		JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(token.get("access_token").asText().split("\\.")[1]));
		assertThat(claims.get("organization").asText())
				.isEqualTo("http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes|0851");
		assertThat(claims.get("scope").asText()).contains("system/Communication.rs");

		HttpResponse<String> search = send(anonymousRequest("/fhir/Communication?_count=1")
				.header("Authorization", bearer(token.get("access_token").asText())));
		assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
		HttpResponse<String> notItsScope = send(anonymousRequest("/fhir/AuditEvent")
				.header("Authorization", bearer(token.get("access_token").asText())));
		assertThat(notItsScope.statusCode()).isEqualTo(403);
		assertThat(notItsScope.body()).contains("OperationOutcome").contains("AuditEvent");
	}

	@Test
	void aClientFindsTheTokenEndpointInTheCapabilityStatementAndTheSmartConfiguration() throws Exception {
		HttpResponse<String> metadata = send(anonymousRequest("/fhir/metadata").header("Accept", "application/fhir+json"));
		assertThat(metadata.body()).contains("SMART-on-FHIR").contains("oauth-uris").contains("/oauth2/token");
		HttpResponse<String> smart = send(anonymousRequest("/fhir/.well-known/smart-configuration"));
		assertThat(smart.statusCode()).isEqualTo(200);
		JsonNode configuration = json.readTree(smart.body());
		assertThat(configuration.get("token_endpoint").asText()).endsWith("/oauth2/token");
		assertThat(configuration.get("grant_types_supported").toString()).contains("client_credentials");
	}

	@Test
	void aWrongSecretGetsNoTokenAndTheTryIsInTheAuditTrail() throws Exception {
		String before = java.time.Instant.now().minusSeconds(1).toString();
		HttpResponse<String> refused = askForToken("demo-municipality-0851", "guess");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).doesNotContain("access_token").doesNotContain("guess");

		ca.uhn.fhir.rest.client.api.IGenericClient auditor = clientFor(null, java.util.List.of("system/AuditEvent.rs"));
		java.util.List<org.hl7.fhir.r4.model.AuditEvent> tries = auditor.search()
				.byUrl("AuditEvent?subtype=110122&altid=demo-municipality-0851&outcome=4&date=ge" + before)
				.returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute().getEntry().stream()
				.map(entry -> (org.hl7.fhir.r4.model.AuditEvent) entry.getResource()).toList();
		assertThat(tries).hasSize(1);
		assertThat(tries.get(0).getOutcomeDesc()).startsWith("401 invalid_client");
		assertThat(tries.get(0).getAgentFirstRep().getPolicy()).extracting(p -> p.getValue())
				.containsExactly("client_secret_basic");
		assertThat(fhirContext.newJsonParser().encodeResourceToString(tries.get(0))).doesNotContain("guess");
	}

	@Test
	void noTokenAnExpiredOneOrAForgedOneGets401WithWwwAuthenticateAndAnOperationOutcome() throws Exception {
		String expired = tokens.token("demo-municipality-0851", "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes|0851",
				HubTokens.MUNICIPALITY, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
		String valid = tokens.token("demo-municipality-0851", null, HubTokens.MUNICIPALITY);
		String[] parts = valid.split("\\.");
		String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
				"{\"sub\":\"x\",\"scope\":\"system/*.cruds hub/operations\",\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2];

		for (String authorization : new String[] {null, bearer(expired), bearer(forged), bearer("not-a-jwt")}) {
			HttpRequest.Builder request = anonymousRequest("/fhir/Patient");
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			HttpResponse<String> response = send(request);
			assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
			assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"");
		}
		assertThat(send(anonymousRequest("/fhir/Patient").header("Authorization", bearer(expired)))
				.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");
	}

	@Test
	void theCapabilityStatementAndHealthAreOpenButTheRestOfTheActuatorIsForOperators() throws Exception {
		assertThat(send(anonymousRequest("/fhir/metadata")).statusCode()).isEqualTo(200);
		HttpResponse<String> probe = send(anonymousRequest("/actuator/health/readiness"));
		assertThat(probe.statusCode()).isEqualTo(200);
		assertThat(probe.body()).as("a probe learns the status, not what the hub runs on").contains("UP").doesNotContain("\"db\"");
		assertThat(send(anonymousRequest("/actuator/prometheus")).statusCode()).isEqualTo(401);
		assertThat(send(request("/actuator/prometheus")).statusCode()).as("a care provider is not an operator").isEqualTo(403);
		assertThat(send(request("/actuator/prometheus").setHeader("Authorization", bearer(operatorToken))).statusCode()).isEqualTo(200);
	}

	@Test
	void anXmlBodyWithAnExternalEntityIsRefusedAndTheEntityIsNeverRead() throws Exception {
		String hostile = """
				<?xml version="1.0"?>
				<!DOCTYPE Patient [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
				<Patient xmlns="http://hl7.org/fhir"><name><family value="&secret;"/></name></Patient>
				""";
		HttpResponse<String> response = send(request("/fhir/Patient")
				.header("Content-Type", "application/fhir+xml")
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(hostile)));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome").doesNotContain("root:");
	}

	@Test
	void aBodyOverTheLimitIsRefusedWith413() throws Exception {
		byte[] huge = new byte[11 * 1024 * 1024];
		java.util.Arrays.fill(huge, (byte) ' ');
		HttpResponse<String> response = send(request("/fhir/Patient")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(huge)));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("OperationOutcome");
	}

	@Test
	void aChunkedBodyThatGrowsPastTheLimitIsRefusedWith413() throws Exception {
		byte[] huge = new byte[11 * 1024 * 1024];
		java.util.Arrays.fill(huge, (byte) ' ');
		HttpResponse<String> response = send(request("/fhir/Patient")
				.header("Content-Type", "application/fhir+json")
				// no Content-Length: the body arrives chunked and is counted as it is read
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.body()).contains("OperationOutcome");
	}

	@Test
	void aTransactionThatTriesToReadIsRefused() throws Exception {
		String transaction = """
				{"resourceType":"Bundle","type":"batch","entry":[{"request":{"method":"GET","url":"Patient?_count=5"}}]}
				""";
		HttpResponse<String> response = send(request("/fhir")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(transaction)));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("Patient?_count=5");
	}

	/** What the quick start's curl does: client credentials by HTTP Basic at the hub's token endpoint. */
	private HttpResponse<String> askForToken(String client, String secret) throws Exception {
		return send(anonymousRequest("/oauth2/token")
				.header("Authorization", basic(client, secret))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
