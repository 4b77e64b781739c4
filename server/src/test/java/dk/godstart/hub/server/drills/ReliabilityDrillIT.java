package dk.godstart.hub.server.drills;

import static dk.godstart.hub.server.drills.Drills.check;
import static dk.godstart.hub.server.drills.Drills.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifications;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.HubTokens;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.RestHookSubscriber;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Reliability drills on real hub processes: two nodes from the packaged jar on one fresh PostgreSQL database, the
 * North Jutland network built through their REST API, the family ambulatory a real FHIR messaging receiver in this JVM.
 * <ol>
 *   <li><b>two nodes</b>: GPs refer through both nodes at once; both nodes deliver from the shared outbox; every
 *       referral reaches the family ambulatory exactly once (no send from the hub twice);
 *   <li><b>outage</b>: the family ambulatory's receiver refuses connections while referrals are made, then comes back
 *       on the same port; all are delivered, none parked, each woman's referrals in the order they were made;
 *   <li><b>crash</b>: one node left; the GP's EHR streams referrals (conditional create on the referral's identifier,
 *       retrying until answered); the node is killed with SIGKILL mid-stream and started again on the same database;
 *       every referral is stored exactly once and delivered, under one MessageHeader id each, nothing unexpected;
 *       Aalborg's case system, subscribed to the notifications to its family department, hears of every one of them.
 * </ol>
 * The drills run in this order on the same processes (starting a hub takes half a minute); each prints one summary
 * line, "drill &lt;name&gt;: passed|FAILED - counts". {@code bench/drill-*.sh} run the same drills at larger sizes on
 * the embedded default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityDrillIT {

	static final Duration START_WITHIN = Duration.ofMinutes(3);
	/**
	 * Delivery at drill speed: retries a few times a second, and a dead node's claims free again after 15 s instead of
	 * the production minute, so that the crash drill shows the take-over in CI time.
	 */
	static final List<String> DRILL_SETTINGS = List.of(
			"godstart.delivery.poll-interval=100ms",
			"godstart.delivery.connect-timeout=2s",
			"godstart.delivery.request-timeout=5s",
			"godstart.delivery.lease=15s",
			"godstart.delivery.retry.initial-interval=300ms",
			"godstart.delivery.retry.multiplier=1.5",
			"godstart.delivery.retry.max-interval=1s",
			"godstart.delivery.retry.give-up-after=10m",
			"godstart.security.organisation-cache-ttl=0s",
			"godstart.subscriptions.allow-loopback-http=true",
			"logging.level.root=WARN",
			"logging.level.dk.godstart=INFO");

	final FhirContext fhirContext = FhirContext.forR4Cached();
	final HttpClient http = HttpClient.newHttpClient();
	DrillDatabase database;
	HubProcess nodeA;
	HubProcess nodeB;
	FhirReceiver familyAmbulatory;
	RestHookSubscriber caseSystem;
	HubTokens tokens;
	MaternityNetwork network;

	@BeforeAll
	void twoNodesOnOneDatabase() throws Exception {
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhirContext.getRestfulClientFactory().setSocketTimeout(60_000);
		database = DrillDatabase.create("reliability");
		// One after the other: the first creates the schema, as the first node of a new installation does.
		nodeA = new HubProcess("drill-node-a", database, DRILL_SETTINGS).start(START_WITHIN);
		nodeB = new HubProcess("drill-node-b", database, DRILL_SETTINGS).start(START_WITHIN);
		tokens = new HubTokens(Drills.signingKeyOf(http, nodeA, database));
		familyAmbulatory = new FhirReceiver(fhirContext);
		String operatorToken = tokens.token("drill-operator", null, HubTokens.OPERATOR);
		network = new MaternityNetwork(Drills.client(fhirContext, nodeA, operatorToken),
				(organisation, scopes) -> tokens.token("drill-client", organisation, scopes),
				token -> Drills.client(fhirContext, nodeA, token), fhirContext, familyAmbulatory).build();
		network.signAgreement();
	}

	@AfterAll
	void stopEverything() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, familyAmbulatory, caseSystem}) {
			if (closeable != null) {
				closeable.close();
			}
		}
		if (database != null) {
			database.close();
		}
	}

	@Test
	@Order(1)
	void twoNodesShareTheOutboxAndTheFamilyAmbulatoryGetsEachReferralOnce() throws Exception {
		int perNode = 100;
		List<Patient> women = women(10);
		IGenericClient[] gps = {Drills.client(fhirContext, nodeA, network.gpToken), Drills.client(fhirContext, nodeB, network.gpToken)};
		List<CompletableFuture<List<String>>> streams = new ArrayList<>();
		for (IGenericClient gp : gps) {
			streams.add(CompletableFuture.supplyAsync(() -> {
				List<String> made = new ArrayList<>();
				for (int i = 0; i < perNode; i++) {
					ServiceRequest referral = network.referral(women.get(i % women.size()), false);
					gp.create().resource(referral).execute();
					made.add(referral.getIdentifierFirstRep().getValue());
				}
				return made;
			}));
		}
		Set<String> referrals = new HashSet<>();
		for (CompletableFuture<List<String>> stream : streams) {
			referrals.addAll(stream.get());
		}

		boolean allArrived = waitUntil(Duration.ofMinutes(2), () -> arrivedAbout(referrals).size() >= referrals.size());
		Thread.sleep(2_000); // a duplicate would come now
		List<FhirReceiver.Received> arrived = familyAmbulatory.receivedAt("family-ambulatory");
		Map<String, Long> perReferral = arrived.stream()
				.collect(Collectors.groupingBy(ReliabilityDrillIT::referralIdentifier, Collectors.counting()));
		long once = referrals.stream().filter(id -> perReferral.getOrDefault(id, 0L) == 1).count();
		long duplicates = perReferral.values().stream().mapToLong(n -> Math.max(0, n - 1)).sum();
		long unexpected = perReferral.keySet().stream().filter(id -> !referrals.contains(id)).count();
		Map<String, String> deliveredBy = deliveredByNode();

		List<String> failures = new ArrayList<>();
		check(failures, allArrived, "not all referrals arrived within 2 minutes");
		check(failures, once == referrals.size(), (referrals.size() - once) + " referrals not received exactly once");
		check(failures, duplicates == 0, duplicates + " duplicate sends");
		check(failures, unexpected == 0, unexpected + " messages about referrals nobody made");
		// Which node sends is a race (after a delivery a node keeps sending that receiver's next one), so the split is
		// reported, not required; what both nodes must never do is send one referral twice or lose one.
		summary("two-nodes", failures, "%d referrals through 2 nodes, %d received exactly once, %d duplicates, "
				+ "%d unexpected; deliveries sent by node: %s", referrals.size(), once, duplicates, unexpected, deliveredBy);
		assertThat(failures).isEmpty();
	}

	@Test
	@Order(2)
	void theFamilyAmbulatoryIsDownForAWhileAndThenGetsEverythingInOrder() throws Exception {
		List<Patient> women = women(8);
		IGenericClient[] gps = {Drills.client(fhirContext, nodeA, network.gpToken), Drills.client(fhirContext, nodeB, network.gpToken)};
		familyAmbulatory.down();
		Map<String, List<String>> madePerWoman = new LinkedHashMap<>();
		Set<String> referrals = new HashSet<>();
		int perWoman = 5;
		for (int round = 0; round < perWoman; round++) {
			for (int w = 0; w < women.size(); w++) {
				// Her referrals alternate between the nodes: the order to keep is the order they were made in.
				ServiceRequest referral = network.referral(women.get(w), false);
				gps[(round + w) % 2].create().resource(referral).execute();
				String id = referral.getIdentifierFirstRep().getValue();
				madePerWoman.computeIfAbsent(women.get(w).getIdElement().getIdPart(), k -> new ArrayList<>()).add(id);
				referrals.add(id);
			}
		}
		Thread.sleep(10_000); // every delivery has failed several times by now
		long failedTries = database.count("SELECT coalesce(sum(attempts), 0) FROM hub_delivery WHERE state = 'pending'");
		familyAmbulatory.up();

		boolean allArrived = waitUntil(Duration.ofMinutes(2), () -> arrivedAbout(referrals).size() >= referrals.size());
		Thread.sleep(1_000);
		List<FhirReceiver.Received> arrived = arrivedAbout(referrals);
		Map<String, String> womanOf = new HashMap<>();
		madePerWoman.forEach((woman, ids) -> ids.forEach(id -> womanOf.put(id, woman)));
		Map<String, List<String>> receivedPerWoman = new HashMap<>();
		for (FhirReceiver.Received message : arrived) {
			String id = referralIdentifier(message);
			receivedPerWoman.computeIfAbsent(womanOf.get(id), k -> new ArrayList<>()).add(id);
		}
		long inOrder = madePerWoman.entrySet().stream()
				.filter(e -> e.getValue().equals(receivedPerWoman.get(e.getKey()))).count();
		// the women gave no consent, so each referral's copy to Aalborg is held back (no-legal-basis) by design;
		// anything else parked is the outage losing a message
		long parked = database.count("SELECT count(*) FROM hub_delivery WHERE state = 'parked'"
				+ " AND park_reason <> 'no-legal-basis'");

		List<String> failures = new ArrayList<>();
		check(failures, allArrived, "not all referrals arrived within 2 minutes of the receiver's return");
		check(failures, arrived.size() == referrals.size(), arrived.size() + " messages for " + referrals.size() + " referrals");
		check(failures, parked == 0, parked + " deliveries parked");
		check(failures, inOrder == women.size(), (women.size() - inOrder) + " women's referrals out of order");
		// Deliveries to one endpoint leave one at a time, in order: only the oldest is tried while the receiver is down.
		check(failures, failedTries >= 5, "only " + failedTries + " failed tries: the outage was hardly felt");
		summary("outage", failures, "%d referrals of %d women made during a 10 s outage, %d tries refused meanwhile; %d delivered "
				+ "after it, %d parked, %d of %d women's referrals in the order made", referrals.size(), women.size(),
				failedTries, arrived.size(), parked, inOrder, women.size());
		assertThat(failures).isEmpty();
	}

	@Test
	@Order(3)
	void aNodeKilledMidStreamComesBackAndNothingIsLostOrDoubled() throws Exception {
		int total = 200;
		int killAfter = 60;
		int exitCode = nodeB.stop(); // the crash drill is about one node: the survivor must be the restarted one
		List<Patient> women = women(10);
		// Aalborg's case system follows the notifications to its family department through a topic subscription:
		// each referral (she consented to Aalborg being told) makes one, so it must hear of events 1..total.
		caseSystem = new RestHookSubscriber();
		network.asAalborg.create().resource(notificationsToAalborg(caseSystem)).execute();
		IGenericClient gp = Drills.client(fhirContext, nodeA, network.gpToken);
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger clientRetries = new AtomicInteger();
		List<ServiceRequest> referrals = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			referrals.add(network.referral(women.get(i % women.size()), true));
		}
		CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
			for (ServiceRequest referral : referrals) {
				createUntilAnswered(gp, referral, Duration.ofMinutes(4), clientRetries);
				answered.incrementAndGet();
			}
		});
		assertThat(waitUntil(Duration.ofMinutes(2), () -> answered.get() >= killAfter)).isTrue();
		nodeA.kill();
		int answeredAtKill = answered.get();
		nodeA.start(START_WITHIN);
		stream.get();

		Set<String> identifiers = referrals.stream().map(r -> r.getIdentifierFirstRep().getValue()).collect(Collectors.toSet());
		boolean allArrived = waitUntil(Duration.ofMinutes(2), () -> distinctReferrals(arrivedAbout(identifiers)) >= total);
		boolean allTold = waitUntil(Duration.ofMinutes(1), () -> eventNumbersTold().size() >= total);
		Thread.sleep(2_000);
		Set<Long> told = eventNumbersTold();
		long toldInSequence = java.util.stream.LongStream.rangeClosed(1, total).filter(told::contains).count();
		Map<String, Integer> stored = storedPerIdentifier(Drills.client(fhirContext, nodeA, network.gpToken), identifiers);
		long storedOnce = identifiers.stream().filter(id -> stored.getOrDefault(id, 0) == 1).count();
		List<FhirReceiver.Received> arrived = familyAmbulatory.receivedAt("family-ambulatory");
		Map<String, Set<String>> headerIds = new HashMap<>();
		for (FhirReceiver.Received message : arrived) {
			String id = referralIdentifier(message);
			if (identifiers.contains(id)) {
				headerIds.computeIfAbsent(id, k -> new HashSet<>()).add(message.header().getIdElement().getIdPart());
			}
		}
		Set<String> recorded = new HashSet<>(database.column("SELECT message_id::text FROM hub_delivery"));
		long unrecordedIds = headerIds.values().stream().flatMap(Set::stream).filter(id -> !recorded.contains(id)).count();
		long delivered = headerIds.size();
		long underTwoIds = headerIds.values().stream().filter(ids -> ids.size() > 1).count();
		long resent = arrivedAbout(identifiers).size() - delivered;
		long unexpected = arrived.stream().map(ReliabilityDrillIT::referralIdentifier)
				.filter(id -> !identifiers.contains(id) && !earlierDrills.contains(id)).count();

		List<String> failures = new ArrayList<>();
		check(failures, exitCode == 0 || exitCode == 143, "node B exited with " + exitCode + " on SIGTERM");
		check(failures, storedOnce == total, (total - storedOnce) + " referrals not stored exactly once: "
				+ stored.entrySet().stream().filter(e -> e.getValue() != 1).limit(5).toList());
		check(failures, allArrived && delivered == total, (total - delivered) + " referrals never delivered");
		check(failures, underTwoIds == 0, underTwoIds + " referrals sent under two MessageHeader ids");
		check(failures, unexpected == 0, unexpected + " messages nobody should have got");
		check(failures, unrecordedIds == 0, unrecordedIds + " MessageHeader ids the hub has no delivery for");
		check(failures, allTold && toldInSequence == total && told.size() == total,
				"subscription events told: " + toldInSequence + " of 1.." + total + ", " + told.size() + " distinct");
		summary("crash", failures, "%d referrals, SIGKILL after %d answered, restarted in %.1f s; %d stored exactly once, "
				+ "%d delivered (%d sent again after the crash), %d under two MessageHeader ids, %d unexpected or unrecorded, "
				+ "%d client retries; Aalborg's subscription told of events 1..%d: %d", total, answeredAtKill,
				nodeA.lastStart().toMillis() / 1000.0, storedOnce, delivered, resent, underTwoIds, unexpected + unrecordedIds,
				clientRetries.get(), total, toldInSequence);
		assertThat(failures).isEmpty();
	}

	/** The event numbers Aalborg's case system was told of (at least once each). */
	private Set<Long> eventNumbersTold() {
		Set<Long> numbers = new HashSet<>();
		for (RestHookSubscriber.Request request : caseSystem.received()) {
			if (request.body() == null) {
				continue;
			}
			Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, request.body());
			Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
			status.getParameter().stream().filter(p -> p.getName().equals("notification-event"))
					.flatMap(p -> p.getPart().stream()).filter(part -> part.getName().equals("event-number"))
					.forEach(part -> numbers.add(Long.parseLong(part.getValue().primitiveValue())));
		}
		return numbers;
	}

	/** A backport topic subscription to the notifications addressed to Aalborg's family department, ids only. */
	private Subscription notificationsToAalborg(RestHookSubscriber endpoint) {
		Subscription subscription = new Subscription();
		subscription.getMeta().addProfile(SubscriptionNotifications.BACKPORT_SUBSCRIPTION);
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("Aalborg's case system follows the notifications to its family department");
		subscription.setCriteria("http://godstart.dk/fhir/SubscriptionTopic/notification-to-organisation");
		subscription.getCriteriaElement().addExtension(SubscriptionNotifications.FILTER_CRITERIA,
				new StringType("Communication?recipient=Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart()));
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint(endpoint.address()).setPayload("application/fhir+json");
		subscription.getChannel().getPayloadElement().addExtension(SubscriptionNotifications.PAYLOAD_CONTENT,
				new CodeType("id-only"));
		return subscription;
	}

	/** Referral identifiers of the earlier drills of this run: their messages are expected, not strays. */
	private final Set<String> earlierDrills = Collections.synchronizedSet(new HashSet<>());

	private List<Patient> women(int count) {
		List<Patient> women = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			women.add(network.ditte());
		}
		return women;
	}

	/**
	 * The GP's EHR as the drill expects one to behave: a conditional create on the referral's identifier, sent again
	 * after any failure (refused connection, cut-off answer, 5xx) until the hub answers 201 or 200.
	 */
	private static void createUntilAnswered(IGenericClient gp, ServiceRequest referral, Duration giveUpAfter,
			AtomicInteger retries) {
		String identifier = referral.getIdentifierFirstRep().getSystem() + "|" + referral.getIdentifierFirstRep().getValue();
		long deadline = System.nanoTime() + giveUpAfter.toNanos();
		while (true) {
			try {
				gp.create().resource(referral).conditionalByUrl("ServiceRequest?identifier=" + identifier).execute();
				return;
			} catch (RuntimeException e) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The hub did not take " + identifier + " within " + giveUpAfter, e);
				}
				retries.incrementAndGet();
				HubProcess.sleep(250);
			}
		}
	}

	private Map<String, Integer> storedPerIdentifier(IGenericClient gp, Set<String> identifiers) {
		Map<String, Integer> stored = new HashMap<>();
		Bundle page = gp.search().forResource(ServiceRequest.class)
				.where(ServiceRequest.REQUESTER.hasId("Organization/" + network.gpPractice.getIdElement().getIdPart()))
				.count(500).returnBundle(Bundle.class).execute();
		while (true) {
			for (Bundle.BundleEntryComponent entry : page.getEntry()) {
				String id = ((ServiceRequest) entry.getResource()).getIdentifierFirstRep().getValue();
				if (identifiers.contains(id)) {
					stored.merge(id, 1, Integer::sum);
				}
			}
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				return stored;
			}
			page = gp.loadPage().next(page).execute();
		}
	}

	private List<FhirReceiver.Received> arrivedAbout(Set<String> referrals) {
		return familyAmbulatory.receivedAt("family-ambulatory").stream()
				.filter(message -> referrals.contains(referralIdentifier(message))).toList();
	}

	private static long distinctReferrals(List<FhirReceiver.Received> messages) {
		return messages.stream().map(ReliabilityDrillIT::referralIdentifier).distinct().count();
	}

	/** Which hub process sent how many of the deliveries (hub_delivery.delivered_by names host/pid/...). */
	private Map<String, String> deliveredByNode() throws Exception {
		Map<String, String> byNode = new LinkedHashMap<>();
		for (HubProcess node : List.of(nodeA, nodeB)) {
			long sent = database.count("SELECT count(*) FROM hub_delivery WHERE state = 'delivered' AND delivered_by LIKE ?",
					"%/" + node.pid() + "/%");
			if (sent > 0) {
				byNode.put(node.name(), String.valueOf(sent));
			}
		}
		return byNode;
	}

	static String referralIdentifier(FhirReceiver.Received message) {
		return message.message().getEntry().stream()
				.filter(entry -> entry.getResource() instanceof ServiceRequest)
				.map(entry -> ((ServiceRequest) entry.getResource()).getIdentifierFirstRep().getValue())
				.findFirst().orElse("(no referral)");
	}

	private void summary(String drill, List<String> failures, String format, Object... counts) {
		Drills.summary(drill, failures, format, counts);
		familyAmbulatory.receivedAt("family-ambulatory").forEach(message -> earlierDrills.add(referralIdentifier(message)));
	}
}
