package dk.godstart.hub.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.server.support.HubIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/** What an integrator and an operator see first: the capability statement, health, metrics, and clear errors. */
class ServerEndpointsIT extends HubIntegrationTest {

	@Test
	void metadataDescribesAnR4ServerThatStoresPatients() throws Exception {
		HttpResponse<String> response = send(request("/fhir/metadata").header("Accept", "application/fhir+json"));
		assertThat(response.statusCode()).isEqualTo(200);
		CapabilityStatement capabilities = fhirContext.newJsonParser().parseResource(CapabilityStatement.class, response.body());
		assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(capabilities.getRestFirstRep().getResource())
				.anySatisfy(resource -> {
					assertThat(resource.getType()).isEqualTo("Patient");
					assertThat(resource.getInteraction()).extracting(i -> i.getCode().toCode())
							.contains("create", "read", "update", "history-instance", "search-type");
				});
	}

	@Test
	void aDeveloperBrowsesTheApiAsOpenApiWithTheHubsOwnOperationsAndNoToken() throws Exception {
		HttpResponse<String> docs = send(anonymousRequest("/fhir/api-docs"));
		assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
		// HAPI serves the description as YAML, some megabytes of it (every type and search parameter)
		org.yaml.snakeyaml.LoaderOptions large = new org.yaml.snakeyaml.LoaderOptions();
		large.setCodePointLimit(docs.body().length() + 1);
		com.fasterxml.jackson.databind.JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper(
				com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder().loaderOptions(large).build()).readTree(docs.body());
		assertThat(api.path("openapi").asText()).startsWith("3.");
		java.util.List<String> paths = new java.util.ArrayList<>();
		api.path("paths").fieldNames().forEachRemaining(paths::add);
		assertThat(paths).contains("/Patient", "/Patient/{id}", "/$process-message", "/CareTeam", "/RelatedPerson");
		assertThat(paths).anyMatch(path -> path.startsWith("/Communication/") && path.endsWith("/$delivery-status"));
		assertThat(api.path("paths").path("/Patient").path("get").path("parameters").toString()).contains("identifier");

		HttpResponse<String> page = send(anonymousRequest("/fhir/swagger-ui/").header("Accept", "text/html"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("swagger-ui");
		// the description is public; the API is not
		assertThat(send(anonymousRequest("/fhir/Patient")).statusCode()).isEqualTo(401);
	}

	@Test
	void readinessIncludesTheDatabase() throws Exception {
		HttpResponse<String> response = send(request("/actuator/health/readiness"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"db\"");
	}

	@Test
	void prometheusMetricsIncludeHttpAndDatabasePool() throws Exception {
		send(request("/fhir/metadata"));
		HttpResponse<String> response = send(request("/actuator/prometheus").setHeader("Authorization", bearer(operatorToken)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("http_server_requests_seconds").contains("hikaricp_connections_active");
	}

	@Test
	void brokenJsonGetsA400OperationOutcomeAndStoresNothing() throws Exception {
		String cpr = newCpr();
		String truncated = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + CPR_SYSTEM + "\",\"value\":\"" + cpr + "\"}";
		HttpResponse<String> response = send(request("/fhir/Patient")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(truncated)));

		assertThat(response.statusCode()).isEqualTo(400);
		OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).isNotBlank();

		assertThat(storedCount("Patient", "identifier=" + CPR_SYSTEM + "|" + cpr)).isZero();
	}

	@Test
	void anUnknownResourceTypeGetsA404OperationOutcome() throws Exception {
		HttpResponse<String> response = send(request("/fhir/Pregnancy/1").header("Accept", "application/fhir+json"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"");
	}
}
