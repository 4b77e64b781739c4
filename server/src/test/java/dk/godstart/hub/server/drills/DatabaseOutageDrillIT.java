package dk.godstart.hub.server.drills;

import static dk.godstart.hub.server.drills.Drills.check;
import static dk.godstart.hub.server.drills.Drills.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import dk.godstart.hub.routes.adt.AdtToFhir;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.HubTokens;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.MllpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reliability drill, the database away: one hub node from the packaged jar on a PostgreSQL of the drill's own; a GP's
 * EHR makes a referral every 0.2 s (a conditional create on its identifier, sent again after the {@code Retry-After}
 * of any 503, as an EHR's outbound queue does); PostgreSQL is stopped for 30 s under that load and started again; a
 * hospital sends an admission over MLLP while it is down and again after. It must hold that:
 * <ul>
 *   <li>while the database is away every FHIR request is answered within seconds (not the pool's old 30 s) with 503,
 *       {@code Retry-After} and an OperationOutcome, never 500; the ADT message is answered {@code AE}, never
 *       {@code AA}; readiness says DOWN while liveness stays UP;
 *   <li>the hub takes writes again by itself once the database is back (the routes resume as well);
 *   <li>every referral answered 201 is stored exactly once however often it was sent, and reaches the family
 *       ambulatory under one MessageHeader id; the admission is stored once.
 * </ul>
 * Prints "drill db-outage: passed|FAILED - counts".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageDrillIT {

	static final Duration OUTAGE = Duration.ofSeconds(30);
	static final Duration REFERRAL_EVERY = Duration.ofMillis(200);
	static final Duration BEFORE = Duration.ofSeconds(5);
	static final Duration AFTER = Duration.ofSeconds(10);

	final FhirContext fhirContext = FhirContext.forR4Cached();
	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	StoppablePostgres postgres;
	DrillDatabase database;
	HubProcess hub;
	FhirReceiver familyAmbulatory;
	MaternityNetwork network;
	String operatorToken;

	/** Every answer the EHR got, in the order it got them. */
	record Answer(String identifier, int status, long sentAtMillis, long millis, String retryAfter, String body) {}

	final List<Answer> answers = new CopyOnWriteArrayList<>();

	@BeforeAll
	void aHubOnADatabaseThatWillBeStopped() throws Exception {
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhirContext.getRestfulClientFactory().setSocketTimeout(60_000);
		postgres = StoppablePostgres.start("db-outage-postgres");
		database = postgres.database();
		hub = new HubProcess("drill-db-outage", database, ReliabilityDrillIT.DRILL_SETTINGS)
				.start(ReliabilityDrillIT.START_WITHIN);
		HubTokens tokens = new HubTokens(Drills.signingKeyOf(http, hub, database));
		familyAmbulatory = new FhirReceiver(fhirContext);
		operatorToken = tokens.token("drill-operator", null, HubTokens.OPERATOR);
		network = new MaternityNetwork(Drills.client(fhirContext, hub, operatorToken),
				(organisation, scopes) -> tokens.token("drill-client", organisation, scopes),
				token -> Drills.client(fhirContext, hub, token), fhirContext, familyAmbulatory).build();
		network.signAgreement();
	}

	@AfterAll
	void stopEverything() {
		for (AutoCloseable closeable : new AutoCloseable[] {hub, familyAmbulatory, postgres}) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			} catch (Exception e) {
				System.err.println("drill db-outage: could not close " + closeable + ": " + e);
			}
		}
	}

	@Test
	void postgresStoppedForThirtySecondsUnderLoadLosesAndDoublesNothing() throws Exception {
		List<Patient> women = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			women.add(network.ditte());
		}
		String hospital = MaternityNetwork.sor(network.familyAmbulatory).split("\\|")[1];
		String referralSystem = network.referral(women.get(0), false).getIdentifierFirstRep().getSystem();
		String cpr = women.get(0).getIdentifierFirstRep().getValue();
		String admission = Drills.admission(hospital, cpr, "DRILL" + Long.toString(System.nanoTime(), 36), "V" + System.nanoTime());
		String visit = MllpClient.field(admission, "PV1", 19);
		String ackBefore = sendAdt(admission);

		// the GP's EHR: a referral every 0.2 s, each sent until answered 2xx, by a pool of 16 senders
		ExecutorService senders = Executors.newFixedThreadPool(16);
		List<String> made = Collections.synchronizedList(new ArrayList<>());
		Set<String> taken = ConcurrentHashMap.newKeySet();
		AtomicInteger giveUps = new AtomicInteger();
		long drillStart = System.nanoTime();
		Thread gp = new Thread(() -> {
			int n = 0;
			long total = BEFORE.plus(OUTAGE).plus(AFTER).toNanos();
			while (System.nanoTime() - drillStart < total) {
				ServiceRequest referral = network.referral(women.get(n++ % women.size()), false);
				String identifier = referral.getIdentifierFirstRep().getValue();
				made.add(identifier);
				String json = fhirContext.newJsonParser().encodeResourceToString(referral);
				senders.submit(() -> {
					if (sendUntilTaken(identifier, referralSystem, json, drillStart)) {
						taken.add(identifier);
					} else {
						giveUps.incrementAndGet();
					}
				});
				HubProcess.sleep(REFERRAL_EVERY.toMillis());
			}
		}, "gp-ehr");
		gp.start();

		// probes of the hub's health, twice a second throughout
		List<long[]> readiness = new CopyOnWriteArrayList<>();
		AtomicInteger livenessNotUp = new AtomicInteger();
		AtomicInteger probes = new AtomicInteger();
		Thread prober = new Thread(() -> {
			while (gp.isAlive()) {
				long at = millisSince(drillStart);
				readiness.add(new long[] {at, hub.status("/actuator/health/readiness")});
				if (hub.status("/actuator/health/liveness") != 200) {
					livenessNotUp.incrementAndGet();
				}
				probes.incrementAndGet();
				HubProcess.sleep(500);
			}
		}, "probes");
		prober.start();

		HubProcess.sleep(BEFORE.toMillis());
		long stoppedAt = millisSince(drillStart);
		Duration stopTook = postgres.stop();
		long downAt = millisSince(drillStart);
		HubProcess.sleep(3_000);
		long adtSentAt = System.nanoTime();
		String ackDuring = sendAdt(admission);
		long adtMillis = millisSince(adtSentAt);
		HubProcess.sleep(Math.max(0, OUTAGE.toMillis() - (millisSince(drillStart) - downAt)));
		long startingAt = millisSince(drillStart);
		Duration startTook = postgres.start();
		long upAt = millisSince(drillStart);
		gp.join();
		senders.shutdown();
		boolean allAnswered = senders.awaitTermination(4, TimeUnit.MINUTES);
		prober.join();
		String ackAfter = sendAdt(admission);

		// what the hub answered while PostgreSQL was down (from the moment it went to the moment it was started)
		List<Answer> during = answers.stream()
				.filter(a -> a.sentAtMillis() >= downAt && a.sentAtMillis() + a.millis() <= startingAt).toList();
		List<Answer> unavailable = during.stream().filter(a -> a.status() == 503).toList();
		List<Answer> wellFormed = unavailable.stream().filter(a -> a.retryAfter() != null
				&& a.body().contains("\"resourceType\":\"OperationOutcome\"") && a.body().contains("no-store")).toList();
		List<Long> latencies = unavailable.stream().map(Answer::millis).sorted().toList();
		long otherStatuses = answers.stream().filter(a -> a.status() != 201 && a.status() != 200 && a.status() != 503).count();
		long serverErrors = answers.stream().filter(a -> a.status() == 500).count();
		long firstTakenAfter = answers.stream().filter(a -> a.status() / 100 == 2 && a.sentAtMillis() >= upAt)
				.mapToLong(a -> a.sentAtMillis() + a.millis()).min().orElse(-1);
		boolean readinessDownSeen = readiness.stream().anyMatch(r -> r[0] > downAt && r[0] < startingAt && r[1] != 200);
		long readinessDownAfter = readiness.stream().filter(r -> r[0] > stoppedAt && r[1] != 200).mapToLong(r -> r[0] - stoppedAt)
				.min().orElse(-1);
		long readyAgainAfter = readiness.stream().filter(r -> r[0] >= upAt && r[1] == 200).mapToLong(r -> r[0] - upAt)
				.min().orElse(-1);
		boolean readyAtTheEnd = hub.status("/actuator/health/readiness") == 200;

		Set<String> identifiers = new HashSet<>(made);
		boolean allDelivered = waitUntil(Duration.ofMinutes(2),
				() -> distinctDelivered(identifiers).keySet().containsAll(taken));
		Map<String, Set<String>> headerIds = distinctDelivered(identifiers);
		long underTwoIds = headerIds.values().stream().filter(ids -> ids.size() > 1).count();
		long copies = familyAmbulatory.receivedAt("family-ambulatory").stream()
				.filter(m -> identifiers.contains(ReliabilityDrillIT.referralIdentifier(m))).count() - headerIds.size();
		IGenericClient gpClient = Drills.client(fhirContext, hub, network.gpToken);
		Map<String, Integer> stored = new HashMap<>();
		for (String identifier : made) {
			stored.put(identifier, gpClient.search().forResource(ServiceRequest.class)
					.where(ServiceRequest.IDENTIFIER.exactly().systemAndCode(referralSystem, identifier))
					.count(10).returnBundle(Bundle.class).execute().getEntry().size());
		}
		long storedOnce = stored.values().stream().filter(count -> count == 1).count();
		// the operator may not read patient data (no scope for it), so the drill counts in the hub's tables
		long admissionsStored = database.count("SELECT count(DISTINCT r.res_id) FROM hfj_resource r"
				+ " JOIN hfj_spidx_token t ON t.res_id = r.res_id WHERE r.res_type = 'Encounter' AND r.res_deleted_at IS NULL"
				+ " AND t.sp_name = 'identifier' AND t.sp_system = ? AND t.sp_value = ?",
				AdtToFhir.visitNumberSystem(hospital), visit);

		List<String> failures = new ArrayList<>();
		check(failures, allAnswered && giveUps.get() == 0 && taken.size() == made.size(),
				(made.size() - taken.size()) + " of " + made.size() + " referrals never answered 2xx");
		check(failures, !unavailable.isEmpty(), "no request was answered while the database was away");
		check(failures, unavailable.size() == during.size(), (during.size() - unavailable.size())
				+ " answers during the outage were not 503: " + during.stream().filter(a -> a.status() != 503)
						.map(a -> a.status() + " " + a.body()).limit(3).toList());
		check(failures, wellFormed.size() == unavailable.size(), (unavailable.size() - wellFormed.size())
				+ " 503s without Retry-After or a no-store OperationOutcome");
		check(failures, latencies.isEmpty() || latencies.get(latencies.size() - 1) <= 5_000,
				"a 503 took " + (latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1)) + " ms");
		check(failures, serverErrors == 0 && otherStatuses == 0, serverErrors + " answers 500, " + otherStatuses
				+ " other than 200/201/503 (database stopped at " + stoppedAt + " ms, down at " + downAt + ", started at "
				+ startingAt + ", up at " + upAt + "): " + answers.stream()
						.filter(a -> a.status() != 201 && a.status() != 200 && a.status() != 503)
						.map(a -> a.status() + " sent at " + a.sentAtMillis() + " ms, answered in " + a.millis() + " ms: "
								+ a.body())
						.limit(3).toList()
				+ (serverErrors == 0 ? "" : "\n" + hub.incidents()));
		check(failures, readinessDownSeen && readyAtTheEnd, "readiness DOWN during the outage: " + readinessDownSeen
				+ ", UP at the end: " + readyAtTheEnd);
		check(failures, livenessNotUp.get() == 0, "liveness not UP " + livenessNotUp.get() + " of " + probes.get() + " times");
		check(failures, firstTakenAfter >= 0, "no write taken after the database came back");
		check(failures, storedOnce == made.size(), (made.size() - storedOnce) + " referrals not stored exactly once: "
				+ stored.entrySet().stream().filter(e -> e.getValue() != 1).limit(5).toList());
		check(failures, allDelivered && headerIds.size() == made.size(), (made.size() - headerIds.size())
				+ " referrals never delivered");
		check(failures, underTwoIds == 0, underTwoIds + " referrals delivered under two MessageHeader ids");
		check(failures, "AA".equals(MllpClient.field(ackBefore, "MSA", 1)), "ADT before the outage: " + ackBefore);
		check(failures, "AE".equals(MllpClient.field(ackDuring, "MSA", 1)) && adtMillis <= 5_000,
				"ADT while the database was away answered " + MllpClient.field(ackDuring, "MSA", 1) + " in " + adtMillis + " ms");
		check(failures, "AA".equals(MllpClient.field(ackAfter, "MSA", 1)), "ADT after the outage: " + ackAfter);
		check(failures, admissionsStored == 1, "the admission sent three times is stored " + admissionsStored + " times");

		Drills.summary("db-outage", failures, "PostgreSQL stopped %.1f s (stop %.1f s, start %.1f s) under a referral every "
				+ "%d ms: %d referrals, %d answered 2xx, %d requests answered 503 while it was down (p50 %d ms, max %d ms, "
				+ "%d with Retry-After and OperationOutcome), %d answered 500 or other; readiness DOWN %.1f s after the stop, "
				+ "liveness UP %d of %d probes; ready again %.1f s and writes taken %.1f s (the EHR waiting out Retry-After) after "
				+ "PostgreSQL was back; %d stored exactly once, %d "
				+ "delivered (%d copies under the same MessageHeader id, %d under two ids); ADT AA before, %s while down "
				+ "(%d ms), %s after, stored %d time(s)",
				(startingAt - stoppedAt) / 1000.0, stopTook.toMillis() / 1000.0, startTook.toMillis() / 1000.0,
				REFERRAL_EVERY.toMillis(), made.size(), taken.size(), unavailable.size(),
				latencies.isEmpty() ? 0 : latencies.get(latencies.size() / 2),
				latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1), wellFormed.size(), serverErrors + otherStatuses,
				readinessDownAfter / 1000.0, probes.get() - livenessNotUp.get(), probes.get(), readyAgainAfter / 1000.0,
				firstTakenAfter < 0 ? -1 : (firstTakenAfter - upAt) / 1000.0, storedOnce, headerIds.size(), copies,
				underTwoIds, MllpClient.field(ackDuring, "MSA", 1), adtMillis, MllpClient.field(ackAfter, "MSA", 1),
				admissionsStored);
		assertThat(failures).isEmpty();
	}

	/** The EHR's outbound queue: POST until 2xx; after a 503 wait what Retry-After says; give up after 4 minutes. */
	private boolean sendUntilTaken(String identifier, String system, String json, long drillStart) {
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while (System.nanoTime() < deadline) {
			long sent = System.nanoTime();
			try {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/ServiceRequest"))
						.timeout(Duration.ofSeconds(60))
						.header("Authorization", "Bearer " + network.gpToken)
						.header("Content-Type", "application/fhir+json")
						.header("If-None-Exist", "identifier=" + system + "|" + identifier)
						.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
						HttpResponse.BodyHandlers.ofString());
				String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
				answers.add(new Answer(identifier, response.statusCode(), millisSince(drillStart) - millisSince(sent),
						millisSince(sent), retryAfter, response.body()));
				if (response.statusCode() / 100 == 2) {
					return true;
				}
				HubProcess.sleep(retryAfter == null ? 1_000 : Long.parseLong(retryAfter) * 1_000);
			} catch (java.io.IOException e) {
				answers.add(new Answer(identifier, -1, millisSince(drillStart) - millisSince(sent), millisSince(sent), null,
						e.toString()));
				HubProcess.sleep(1_000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private String sendAdt(String message) {
		try (MllpClient hospital = new MllpClient(hub.mllpPort())) {
			return hospital.send(message);
		}
	}

	/** Referral identifier → the MessageHeader ids it reached the family ambulatory under. */
	private Map<String, Set<String>> distinctDelivered(Set<String> identifiers) {
		return familyAmbulatory.receivedAt("family-ambulatory").stream()
				.filter(m -> identifiers.contains(ReliabilityDrillIT.referralIdentifier(m)))
				.collect(Collectors.groupingBy(ReliabilityDrillIT::referralIdentifier,
						Collectors.mapping(m -> m.header().getIdElement().getIdPart(), Collectors.toSet())));
	}

	private static long millisSince(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
	}

}
