package dk.godstart.hub.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import dk.godstart.hub.server.GodStartHubApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration suite: the whole hub on a random port against the shared {@link TestDatabase}.
 * Every subclass gets the same Spring context (same configuration), so HAPI starts once per test run.
 */
@SpringBootTest(
		classes = GodStartHubApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
			// Delivery at test speed: quick polls and retries, so outages of a few seconds are survived and seen.
			"godstart.delivery.poll-interval=100ms",
			"godstart.delivery.connect-timeout=2s",
			"godstart.delivery.request-timeout=5s",
			"godstart.delivery.retry.initial-interval=300ms",
			"godstart.delivery.retry.multiplier=1.5",
			"godstart.delivery.retry.max-interval=1s",
			"godstart.delivery.retry.give-up-after=10m",
			"godstart.delivery.retry.routing-attempts=3"
		})
public abstract class HubIntegrationTest {

	public static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";

	@LocalServerPort
	protected int port;

	@Autowired
	protected FhirContext fhirContext;

	protected IGenericClient fhir;
	protected final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabase.get();
		registry.add("spring.datasource.url", () -> database.jdbcUrl);
		registry.add("spring.datasource.username", () -> database.username);
		registry.add("spring.datasource.password", () -> database.password);
	}

	@BeforeEach
	void fhirClient() {
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhir = fhirContext.newRestfulGenericClient(baseUrl());
	}

	protected String baseUrl() {
		return "http://localhost:" + port + "/fhir";
	}

	protected HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	protected HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
	}

	/** The hub's notifications about a woman that concern {@code about} (e.g. {@code ServiceRequest/123}). */
	protected List<Communication> notificationsAbout(Patient woman, String about) {
		return fhir.search().forResource(Communication.class)
				.where(Communication.SUBJECT.hasId("Patient/" + woman.getIdElement().getIdPart()))
				.count(100)
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(entry -> (Communication) entry.getResource())
				.filter(notification -> notification.getAbout().stream().anyMatch(r -> about.equals(r.getReference())))
				.toList();
	}

	/** A fresh, well-formed CPR number (DDMMYY + 4 digits), unique enough that runs on a shared database never collide. */
	protected static String newCpr() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return String.format(
				"%02d%02d%02d%04d",
				random.nextInt(1, 29), random.nextInt(1, 13), random.nextInt(80, 100), random.nextInt(0, 10_000));
	}
}
