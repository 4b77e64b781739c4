package dk.godstart.hub.routes.registry;

import ca.uhn.fhir.context.FhirContext;
import dk.godstart.hub.profiles.GodStartIg;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fetches the registry's residential treatment places ({@code HealthcareService?_profile=ResidentialTreatmentPlace},
 * with their units, every page) and makes the hub's copy match, in one transaction; its route runs on one node at a
 * time (a {@code master:} route on the hub's cluster service). When the registry cannot be
 * reached the copy is left as it was (each place says when it was fetched) and the failure is recorded.
 */
public class CapacityPuller {

	private static final Logger log = LoggerFactory.getLogger(CapacityPuller.class);

	public enum Outcome { PULLED, SKIPPED, FAILED }

	private final RegistryProperties properties;
	private final RegistryCopies copies;
	private final FhirContext fhirContext;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transaction;
	private final Clock clock;
	private final HttpClient http;

	public CapacityPuller(RegistryProperties properties, RegistryCopies copies, FhirContext fhirContext, JdbcTemplate jdbc,
			TransactionTemplate transaction, Clock clock) {
		this.properties = properties;
		this.copies = copies;
		this.fhirContext = fhirContext;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
		this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
				.followRedirects(HttpClient.Redirect.NEVER).build();
	}

	public Outcome pull() {
		if (!properties.configured()) {
			return Outcome.SKIPPED;
		}
		Instant started = clock.instant();
		try {
			return transaction.execute(status -> {
				List<HealthcareService> places = new ArrayList<>();
				List<Organization> units = new ArrayList<>();
				String next = base() + "/HealthcareService?_profile=" + URLEncoder.encode(GodStartIg.Profiles.RESIDENTIAL_TREATMENT_PLACE, StandardCharsets.UTF_8)
						+ "&_include=HealthcareService:organization&_count=100";
				for (int page = 0; next != null && page < 100; page++) {
					Bundle bundle = fetch(next);
					for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
						if (entry.getResource() instanceof HealthcareService place) {
							places.add(place);
						} else if (entry.getResource() instanceof Organization unit) {
							units.add(unit);
						}
					}
					next = bundle.getLink(Bundle.LINK_NEXT) == null ? null : bundle.getLink(Bundle.LINK_NEXT).getUrl();
				}
				int stored = copies.replace(places, units, base(), started);
				record(started, started, null, stored);
				log.info("Fetched {} residential treatment place(s) from the registry", stored);
				return Outcome.PULLED;
			});
		} catch (RuntimeException e) {
			log.warn("The residential treatment registry could not be read ({}); the hub keeps its copy from the last fetch",
					e.getMessage());
			record(null, started, e.getMessage(), null);
			return Outcome.FAILED;
		}
	}

	private Bundle fetch(String url) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(properties.requestTimeout())
				.header("Accept", "application/fhir+json");
		if (!properties.bearerToken().isBlank()) {
			request.header("Authorization", "Bearer " + properties.bearerToken());
		}
		try {
			HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("the registry answered HTTP " + response.statusCode() + " to " + url);
			}
			return fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
		} catch (IOException e) {
			throw new IllegalStateException("could not reach " + url + ": " + e.getMessage(), e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", e);
		}
	}

	private void record(Instant success, Instant attempt, String error, Integer places) {
		jdbc.update("""
				INSERT INTO hub_registry_state (id, last_success_at, last_attempt_at, last_error, places)
				VALUES (1, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error,
				       last_success_at = COALESCE(excluded.last_success_at, hub_registry_state.last_success_at),
				       places = COALESCE(excluded.places, hub_registry_state.places)""",
				success == null ? null : Timestamp.from(success), Timestamp.from(attempt), error, places);
	}

	private String base() {
		String base = properties.baseUrl();
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}
}
