package dk.godstart.hub.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifications;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import dk.godstart.hub.server.support.RestHookSubscriber;
import dk.godstart.hub.server.support.WebsocketClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Aalborg's case system does not poll: it subscribes to the notifications addressed to its family department and is
 * told at once, by rest-hook or websocket, also after it was down.
 */
class MunicipalSubscriptionsIT extends NorthJutlandScenario {

	@Autowired
	JdbcTemplate jdbc;

	RestHookSubscriber caseSystem;

	@BeforeEach
	void aalborgsCaseSystem() {
		network.signAgreement();
		caseSystem = new RestHookSubscriber();
	}

	@AfterEach
	void closeCaseSystem() {
		caseSystem.close();
	}

	@Test
	void aalborgsCaseSystemIsToldOfDittesReferralAtOnce() {
		Subscription subscription = toFamilyDepartment("application/fhir+json");
		subscription.getChannel().addHeader("Authorization: Bearer aalborg-case-system-secret");
		Subscription stored = subscribe(network.asAalborg, subscription);
		assertThat(stored.getStatus()).as("the endpoint answered the hub's check").isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		assertThat(stored.hasError()).isFalse();

		long start = System.nanoTime();
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, true));

		RestHookSubscriber.Request told = await("Aalborg's case system to be told").atMost(Duration.ofSeconds(15))
				.until(caseSystem::notifications, list -> !list.isEmpty()).get(0);
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertThat(told.method()).as("a payload subscription gets the resource at its FHIR base").isEqualTo("PUT");
		assertThat(told.path()).startsWith("/case-system/fhir/Communication/");
		assertThat(told.header("Authorization")).isEqualTo("Bearer aalborg-case-system-secret");
		assertThat(told.header("Content-Type")).startsWith("application/fhir+json");
		Communication notification = fhirContext.newJsonParser().parseResource(Communication.class, told.body());
		assertThat(notification.getRecipientFirstRep().getReference())
				.isEqualTo("Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart());
		assertThat(notification.getAboutFirstRep().getReference())
				.isEqualTo("ServiceRequest/" + referral.getIdElement().getIdPart());
		assertThat(notification.getMeta().getProfile()).extracting(p -> p.getValue())
				.contains(GodStartIg.Profiles.HUB_NOTIFICATION);
		assertThat(caseSystem.notifications()).as("classic criteria match every version of the notification (took %d ms)",
				millis).allSatisfy(request -> assertThat(request.path()).isEqualTo(told.path()));

		IGenericClient auditor = clientFor(null, List.of("system/AuditEvent.rs"));
		List<AuditEvent> trail = await("the disclosure in the audit trail").atMost(Duration.ofSeconds(10))
				.until(() -> auditor.search().forResource(AuditEvent.class)
						.where(AuditEvent.ENTITY.hasId("Subscription/" + stored.getIdElement().getIdPart()))
						.returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (AuditEvent) e.getResource())
						// the Subscription's own create is audited too; the disclosure is recorded once it got through
						.filter(event -> "subscription-notified".equals(event.getSubtypeFirstRep().getCode())).toList(),
				list -> !list.isEmpty());
		// one disclosure recorded per notification the case system took (each version of the notification matches)
		assertThat(trail).hasSizeBetween(1, caseSystem.notifications().size());
		assertThat(trail).allSatisfy(disclosure -> {
			assertThat(disclosure.getAgent()).anySatisfy(agent -> assertThat(agent.getWho().getReference())
					.isEqualTo("Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart()));
			assertThat(disclosure.getEntity()).anySatisfy(entity -> assertThat(entity.getWhat().getReference())
					.isEqualTo("Patient/" + ditte.getIdElement().getIdPart()));
		});
	}

	@Test
	void aCaseSystemDownDuringThreeNotificationsGetsAllThreeInOrderWhenBack() {
		String id = subscribe(network.asAalborg, notificationsToFamilyDepartment("full-resource")).getIdElement().getIdPart();
		assertThat(caseSystem.received()).as("the backport handshake").singleElement()
				.satisfies(handshake -> assertThat(statusOf(handshake).getParameterValue("type").primitiveValue())
						.isEqualTo("handshake"));
		caseSystem.down();

		List<String> referrals = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			referrals.add(network.create(network.referral(network.ditte(), true)).getIdElement().getIdPart());
		}
		await("three events queued for the subscription").atMost(Duration.ofSeconds(20))
				.until(() -> jdbc.queryForObject("SELECT count(*) FROM hub_subscription_event WHERE subscription_id = ?",
						Integer.class, id), count -> count == 3);
		Subscription failing = await("the subscription to say its deliveries fail").atMost(Duration.ofSeconds(15))
				.until(() -> network.asAalborg.read().resource(Subscription.class).withId(id).execute(), Subscription::hasError);
		assertThat(failing.getStatus()).as("still active: retried within the window").isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		assertThat(failing.getError()).contains("Could not reach").contains("kept and retried");

		caseSystem.up();

		List<RestHookSubscriber.Request> told = await("all three notifications after the outage")
				.atMost(Duration.ofSeconds(20)).until(() -> caseSystem.notifications().stream().skip(1).toList(), list -> list.size() >= 3);
		assertThat(told).hasSize(3);
		assertThat(told).extracting(request -> eventNumber(statusOf(request)))
				.as("in the order they were queued").containsExactly("1", "2", "3");
		assertThat(told).extracting(request -> {
			Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, request.body());
			return ((Communication) bundle.getEntry().get(1).getResource()).getAboutFirstRep().getReferenceElement().getIdPart();
		}).containsExactlyInAnyOrderElementsOf(referrals);
		await("the error to be cleared").atMost(Duration.ofSeconds(10))
				.until(() -> network.asAalborg.read().resource(Subscription.class).withId(id).execute(), s -> !s.hasError());

		Bundle status = network.asAalborg.operation().onInstance("Subscription/" + id).named("$status")
				.withNoParameters(Parameters.class).returnResourceType(Bundle.class).useHttpGet().execute();
		Parameters parameters = (Parameters) status.getEntryFirstRep().getResource();
		assertThat(parameters.getParameterValue("status").primitiveValue()).isEqualTo("active");
		assertThat(parameters.getParameterValue("events-since-subscription-start").primitiveValue()).isEqualTo("3");
		assertThat(((org.hl7.fhir.r4.model.IntegerType) parameters.getParameterValue("hub-events-queued")).getValue()).isZero();
	}

	private Parameters statusOf(RestHookSubscriber.Request request) {
		Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, request.body());
		assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.HISTORY);
		return (Parameters) bundle.getEntryFirstRep().getResource();
	}

	private static String eventNumber(Parameters status) {
		return status.getParameter().stream().filter(p -> p.getName().equals("notification-event")).findFirst().orElseThrow()
				.getPart().stream().filter(p -> p.getName().equals("event-number")).findFirst().orElseThrow()
				.getValue().primitiveValue();
	}

	/** The same, on the backport topic: one event per notification created, whatever becomes of it later. */
	private Subscription notificationsToFamilyDepartment(String payloadContent) {
		Subscription subscription = new Subscription();
		subscription.getMeta().addProfile("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription");
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("Aalborg's case system is told of each notification to the family department");
		subscription.setCriteria("http://godstart.dk/fhir/SubscriptionTopic/notification-to-organisation");
		subscription.getCriteriaElement().addExtension(
				"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria",
				new org.hl7.fhir.r4.model.StringType("Communication?recipient=Organization/"
						+ network.aalborgFamilyDepartment.getIdElement().getIdPart()));
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint(caseSystem.address()).setPayload("application/fhir+json");
		subscription.getChannel().getPayloadElement().addExtension(
				"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content",
				new org.hl7.fhir.r4.model.CodeType(payloadContent));
		return subscription;
	}

	@Autowired
	org.apache.camel.CamelContext camel;

	@Autowired
	dk.godstart.hub.routes.subscriptions.SubscriptionQueue queue;

	@Test
	void anEventANodeTookAndNeverSentIsSentByAnotherWhenItsLeaseRunsOut() throws Exception {
		String id = subscribe(network.asAalborg, toFamilyDepartment("application/fhir+json")).getIdElement().getIdPart();
		camel.getRouteController().suspendRoute("subscription-delivery");
		try {
			network.create(network.referral(network.ditte(), true));
			await("the event to be queued").atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
					"SELECT count(*) FROM hub_subscription_event WHERE subscription_id = ?", Integer.class, id), n -> n > 0);
			// a node takes it and dies before sending: its lease is all that is left
			List<dk.godstart.hub.routes.subscriptions.SubscriptionEvent> taken =
					queue.claimRestHooks(new dk.godstart.hub.routes.queue.Lease("crashed-node", Duration.ofSeconds(5)), 500);
			assertThat(taken).anySatisfy(event -> assertThat(event.subscriptionId()).isEqualTo(id));
		} finally {
			camel.getRouteController().resumeRoute("subscription-delivery");
		}
		assertThat(caseSystem.notifications()).as("not while the dead node's lease holds").isEmpty();
		await("another node to send it").atMost(Duration.ofSeconds(20)).until(caseSystem::notifications, list -> !list.isEmpty());
		assertThat(await("the delivery to be recorded").atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
				"SELECT DISTINCT delivered_by FROM hub_subscription_event WHERE subscription_id = ? AND state = 'delivered'",
				String.class, id), list -> !list.isEmpty())).doesNotContain("crashed-node");
	}

	@Test
	void aWebsocketBoundToTheSubscriptionIsPingedForEachNotification() {
		Subscription subscription = toFamilyDepartment(null);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET).setEndpoint(null);
		Subscription stored = subscribe(network.asAalborg, subscription);
		String id = stored.getIdElement().getIdPart();
		assertThat(stored.getStatus()).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);

		try (WebsocketClient socket = new WebsocketClient("ws://localhost:" + port + "/websocket", network.aalborgToken)) {
			socket.send("bind " + id);
			await("the hub to confirm the binding").atMost(Duration.ofSeconds(10)).until(socket::received,
					list -> list.contains("bound " + id));

			network.create(network.referral(network.ditte(), true));

			await("a ping for the notification").atMost(Duration.ofSeconds(15)).until(socket::received,
					list -> list.contains("ping " + id));
		}
	}

	@Test
	void aDeletedSubscriptionIsToldNothingMore() {
		String id = subscribe(network.asAalborg, toFamilyDepartment(null)).getIdElement().getIdPart();
		caseSystem.down();
		network.create(network.referral(network.ditte(), true));
		await("an event queued").atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
				"SELECT count(*) FROM hub_subscription_event WHERE subscription_id = ?", Integer.class, id), count -> count > 0);
		// the hub records the failing deliveries on the subscription; a delete at that very moment would get a 409
		await("the failure to be recorded").atMost(Duration.ofSeconds(15))
				.until(() -> network.asAalborg.read().resource(Subscription.class).withId(id).execute(), Subscription::hasError);

		network.asAalborg.delete().resourceById("Subscription", id).execute();
		caseSystem.up();
		network.create(network.referral(network.ditte(), true));

		await("both referrals' notifications to reach Aalborg's messaging endpoint").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg"), list -> list.size() >= 2);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_subscription_event WHERE subscription_id = ?",
				Integer.class, id)).as("what was queued went with it").isZero();
		assertThat(caseSystem.received()).as("only the check when it was created").hasSize(1);
	}

	@Test
	void aWebsocketCannotBindToAnotherOrganisationsSubscription() {
		Subscription subscription = toFamilyDepartment(null);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET).setEndpoint(null);
		String id = subscribe(network.asAalborg, subscription).getIdElement().getIdPart();
		try (WebsocketClient socket = new WebsocketClient("ws://localhost:" + port + "/websocket", network.gpToken)) {
			socket.send("bind " + id);
			assertThat(await("an answer").atMost(Duration.ofSeconds(10)).until(socket::received, list -> !list.isEmpty()))
					.containsExactly("error Unknown subscription " + id);
		}
	}

	@Test
	void criteriaAboutAnotherMunicipalityAreRefusedWithAnOperationOutcome() throws Exception {
		Organization hjorring = new Organization();
		hjorring.getMeta().addProfile(GodStartIg.Profiles.ORGANIZATION);
		hjorring.setActive(true).setName("Hjørring Kommune, Familieafdelingen");
		hjorring.addIdentifier().setSystem(GodStartIg.MUNICIPALITY_CODE_SYSTEM).setValue("0860");
		hjorring.addType(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
				MaternityNetwork.ORGANIZATION_TYPE, "municipal-family-department", null)));
		String hjorringId = operator.create().resource(hjorring).execute().getId().getIdPart();
		Subscription someoneElses = toFamilyDepartment("application/fhir+json");
		someoneElses.setCriteria("Communication?recipient=Organization/" + hjorringId);

		HttpResponse<String> response = send(anonymousRequest("/fhir/Subscription")
				.header("Authorization", bearer(network.aalborgToken))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(someoneElses))));

		assertThat(response.statusCode()).isEqualTo(403);
		OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("own organisation").contains(hjorringId);
		assertThat(caseSystem.received()).as("refused before its endpoint was even checked").isEmpty();
	}

	@Test
	void anEndpointThatCannotBeReachedIsReportedAndTheSubscriberFixesIt() {
		caseSystem.down();
		Subscription stored = subscribe(network.asAalborg, toFamilyDepartment(null));
		assertThat(stored.getStatus()).isEqualTo(Subscription.SubscriptionStatus.ERROR);
		assertThat(stored.getError()).contains("did not accept the hub's check").contains("Could not reach");

		network.create(network.referral(network.ditte(), true));
		caseSystem.up();
		stored.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		Subscription fixed = (Subscription) network.asAalborg.update().resource(stored).execute().getResource();

		assertThat(fixed.getStatus()).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		assertThat(fixed.hasError()).isFalse();
		assertThat(caseSystem.received()).as("the check: an empty notification, as every later one")
				.singleElement().satisfies(check -> {
					assertThat(check.method()).isEqualTo("POST");
					assertThat(check.body()).isNull();
				});
	}

	@Test
	void aSubscriptionTheHubCannotServeIsRefusedWithEveryProblemListed() {
		Subscription unservable = toFamilyDepartment("text/plain");
		unservable.setCriteria(unservable.getCriteria() + "&subject.name=Ditte");
		unservable.getChannel().setType(Subscription.SubscriptionChannelType.EMAIL).setEndpoint("mailto:case@aalborg.dk");

		assertThatThrownBy(() -> network.asAalborg.create().resource(unservable).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(422);
					OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
					assertThat(outcome.getIssue()).extracting(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
							.anySatisfy(text -> assertThat(text).contains("rest-hook or websocket"))
							.anySatisfy(text -> assertThat(text).contains("cannot be matched"))
							.anySatisfy(text -> assertThat(text).contains("application/fhir+json"));
				});
		Subscription inTheClear = toFamilyDepartment(null);
		inTheClear.getChannel().setEndpoint("http://case-system.aalborg.example/hook");
		assertThatThrownBy(() -> network.asAalborg.create().resource(inTheClear).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(422);
					assertThat(e.getMessage()).contains("must be https://");
				});
		assertThat(caseSystem.received()).isEmpty();
	}

	@Test
	void aCaseSystemThatLostItsNotificationsFetchesThemAgainByNumber() throws Exception {
		String id = subscribe(network.asAalborg, notificationsToFamilyDepartment("id-only")).getIdElement().getIdPart();
		for (int i = 0; i < 3; i++) {
			network.create(network.referral(network.ditte(), true));
		}
		await("three notifications told").atMost(Duration.ofSeconds(20))
				.until(() -> statusesOfType("event-notification"), list -> list.size() >= 3);

		// the case system restored a backup from before the last two: it asks for them again, in full this time
		HttpResponse<String> answer = send(anonymousRequest("/fhir/Subscription/" + id
				+ "/$events?eventsSinceNumber=2&content=full-resource").header("Authorization", bearer(network.aalborgToken)));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		Bundle events = fhirContext.newJsonParser().parseResource(Bundle.class, answer.body());
		Parameters status = (Parameters) events.getEntryFirstRep().getResource();
		assertThat(status.getParameterValue("type").primitiveValue()).isEqualTo("query-event");
		assertThat(status.getParameterValue("events-since-subscription-start").primitiveValue()).isEqualTo("3");
		assertThat(status.getParameter().stream().filter(p -> p.getName().equals("notification-event")).map(
				p -> p.getPart().stream().filter(part -> part.getName().equals("event-number")).findFirst().orElseThrow()
						.getValue().primitiveValue()).toList()).containsExactly("2", "3");
		assertThat(events.getEntry().subList(1, events.getEntry().size())).hasSize(2).allSatisfy(entry -> {
			assertThat(entry.getResource()).isInstanceOf(Communication.class);
			assertThat(((Communication) entry.getResource()).getRecipientFirstRep().getReference())
					.isEqualTo("Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart());
		});

		String classic = subscribe(network.asAalborg, toFamilyDepartment(null)).getIdElement().getIdPart();
		assertThat(send(anonymousRequest("/fhir/Subscription/" + classic + "/$events")
				.header("Authorization", bearer(network.aalborgToken))).statusCode()).as("classic criteria").isEqualTo(400);
		assertThat(send(anonymousRequest("/fhir/Subscription/" + id + "/$events")
				.header("Authorization", bearer(network.gpToken))).statusCode()).as("someone else's").isEqualTo(404);
	}

	@Test
	void aCaseSystemThatAskedForAHeartbeatHearsFromTheHubWhileNothingHappens() {
		Subscription withHeartbeat = notificationsToFamilyDepartment("id-only");
		withHeartbeat.getChannel().addExtension(SubscriptionNotifications.HEARTBEAT_PERIOD,
				new org.hl7.fhir.r4.model.UnsignedIntType(1));
		subscribe(network.asAalborg, withHeartbeat);

		List<Parameters> quiet = await("two heartbeats while nothing happens").atMost(Duration.ofSeconds(20))
				.until(() -> statusesOfType("heartbeat"), list -> list.size() >= 2);
		assertThat(quiet).allSatisfy(status ->
				assertThat(status.getParameterValue("events-since-subscription-start").primitiveValue()).isEqualTo("0"));

		network.create(network.referral(network.ditte(), true));
		await("the notification itself").atMost(Duration.ofSeconds(20))
				.until(() -> statusesOfType("event-notification"), list -> !list.isEmpty());
		await("a heartbeat that counts it").atMost(Duration.ofSeconds(20)).until(() -> statusesOfType("heartbeat"),
				list -> list.stream().anyMatch(status ->
						status.getParameterValue("events-since-subscription-start").primitiveValue().equals("1")));

		Subscription classic = toFamilyDepartment(null);
		classic.getChannel().addExtension(SubscriptionNotifications.HEARTBEAT_PERIOD,
				new org.hl7.fhir.r4.model.UnsignedIntType(60));
		assertThatThrownBy(() -> network.asAalborg.create().resource(classic).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(422);
					assertThat(e.getMessage()).contains("topic-based rest-hook subscriptions only");
				});
	}

	private List<Parameters> statusesOfType(String type) {
		return caseSystem.received().stream().filter(request -> request.body() != null).map(this::statusOf)
				.filter(status -> type.equals(status.getParameterValue("type").primitiveValue())).toList();
	}

	@Test
	void aSubscriptionForAFewSecondsIsToldUntilItsEndAndThenTurnedOff() throws Exception {
		Subscription untilSoon = toFamilyDepartment(null);
		untilSoon.setEnd(new java.util.Date(System.currentTimeMillis() + 4_000));
		String id = subscribe(network.asAalborg, untilSoon).getIdElement().getIdPart();
		network.create(network.referral(network.ditte(), true));
		await("the case system to be told while the subscription runs").atMost(Duration.ofSeconds(15))
				.until(caseSystem::notifications, list -> !list.isEmpty());

		// Between its end and the hub's next look for ended subscriptions, the subscription still says active:
		// writes then must not reach the subscriber either.
		camel.getRouteController().suspendRoute("subscription-ends");
		try {
			Thread.sleep(Math.max(0, untilSoon.getEnd().getTime() - System.currentTimeMillis()) + 200);
			int toldBefore = caseSystem.notifications().size();
			ServiceRequest afterTheEnd = network.create(network.referral(network.ditte(), true));
			await("the referral after the end to reach Aalborg's messaging endpoint").atMost(Duration.ofSeconds(20))
					.until(() -> receiver.receivedAt("aalborg").stream().filter(message -> message.message().getEntry().stream()
							.anyMatch(entry -> entry.getResource() instanceof ServiceRequest sent && sent.getIdentifierFirstRep()
									.getValue().equals(afterTheEnd.getIdentifierFirstRep().getValue()))).toList(),
					list -> !list.isEmpty());
			await("nothing to reach the case system after the end").during(Duration.ofMillis(500))
					.atMost(Duration.ofSeconds(2)).until(() -> caseSystem.notifications().size(), told -> told == toldBefore);
			assertThat(network.asAalborg.read().resource(Subscription.class).withId(id).execute().getStatus())
					.isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		} finally {
			camel.getRouteController().resumeRoute("subscription-ends");
		}

		Subscription ended = await("the subscription to be turned off").atMost(Duration.ofSeconds(30))
				.until(() -> network.asAalborg.read().resource(Subscription.class).withId(id).execute(),
				subscription -> subscription.getStatus() == Subscription.SubscriptionStatus.OFF);
		assertThat(ended.getEnd()).isEqualTo(untilSoon.getEnd());

		Subscription alreadyOver = toFamilyDepartment(null);
		alreadyOver.setEnd(new java.util.Date(System.currentTimeMillis() - 60_000));
		assertThatThrownBy(() -> network.asAalborg.create().resource(alreadyOver).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(422);
					assertThat(e.getMessage()).contains("Subscription.end").contains("has passed");
				});
	}

	@Autowired
	SubscriptionMirrorCheck mirrorCheck;

	@Test
	void aSubscriptionTheQueueDoesNotKnowIsNotLeftLookingActive() throws Exception {
		String id = subscribe(network.asAalborg, toFamilyDepartment(null)).getIdElement().getIdPart();
		jdbc.update("DELETE FROM hub_subscription WHERE id = ?", id); // as if stored before the hub served subscriptions

		mirrorCheck.run(null);

		Subscription seen = network.asAalborg.read().resource(Subscription.class).withId(id).execute();
		assertThat(seen.getStatus()).isEqualTo(Subscription.SubscriptionStatus.REQUESTED);
		assertThat(seen.getError()).contains("update this subscription");
		assertThat(jdbc.queryForObject("SELECT status FROM hub_subscription WHERE id = ?", String.class, id)).isEqualTo("requested");

		Subscription activated = (Subscription) network.asAalborg.update().resource(seen).execute().getResource();
		assertThat(activated.getStatus()).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
		assertThat(jdbc.queryForObject("SELECT status FROM hub_subscription WHERE id = ?", String.class, id)).isEqualTo("active");
	}

	/** Aalborg's subscription to what is addressed to its family department, at its case system. */
	private Subscription toFamilyDepartment(String payload) {
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("Aalborg's case system is told of notifications to the family department");
		subscription.setCriteria("Communication?recipient=Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart());
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint(caseSystem.address()).setPayload(payload);
		return subscription;
	}
}
