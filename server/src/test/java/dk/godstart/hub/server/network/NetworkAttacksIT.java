package dk.godstart.hub.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.HubIntegrationTest;
import dk.godstart.hub.server.support.HubTokens;
import dk.godstart.hub.server.support.MaternityNetwork;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attacker's corpus for the woman's network: a GP outside Ditte's team, and her GP after it left the team, try
 * every way in to the team, the plan and its tasks — reads, versions, histories, searches with includes and chains,
 * conditional writes, writes by id, a task slipped into her plan, a team of their own about her, a subscription to
 * another member's notifications. Each is answered as if there were nothing (or refused), and the response names none
 * of it. The same requests by a current member see it, so every case can fail.
 */
class NetworkAttacksIT extends HubIntegrationTest {

	/** Ditte's network, made once: its resources and the words only its tasks contain. */
	record Picture(String patient, String team, String plan, String task, String secret, String since, String outsider,
			String leaver, String member, String ambulatory, Patient woman, Map<String, Organization> organisations,
			Organization sender) {
		String id(String key) {
			return key.substring(key.indexOf('/') + 1);
		}

		/** The same picture, with the organisation whose token asks (the sender of its messages). */
		Picture askedBy(String token) {
			return new Picture(patient, team, plan, task, secret, since, outsider, leaver, member, ambulatory, woman,
					organisations, organisations.get(token));
		}

		Organization owner() {
			return organisations.get(ambulatory);
		}
	}

	enum Attacker { OUTSIDER, LEAVER }

	record Req(String method, String path, String body) {}

	record Attack(String name, Function<Picture, Req> request, Set<Integer> refusals, boolean memberSees) {
		@Override
		public String toString() {
			return name;
		}
	}

	private static Picture picture;
	private static FhirReceiver receiver;

	static Stream<Attack> attacks() {
		return Stream.of(
				new Attack("read the team", p -> get(p.team()), Set.of(404), true),
				new Attack("read the plan", p -> get(p.plan()), Set.of(404), true),
				new Attack("read a task of the plan", p -> get(p.task()), Set.of(404), true),
				new Attack("vread the task (_history/1)", p -> get(p.task() + "/_history/1"), Set.of(404), true),
				new Attack("history of the task", p -> get(p.task() + "/_history"), Set.of(404), true),
				new Attack("history of all Tasks since the plan was made",
						p -> get("Task/_history?_since=" + q(p.since()) + "&_count=200"), Set.of(200), true),
				new Attack("search the plans about her", p -> get("CarePlan?subject=" + p.patient()), Set.of(200), true),
				new Attack("search the plan's tasks", p -> get("Task?based-on=" + p.plan()), Set.of(200), true),
				new Attack("count the plan's tasks (_summary=count)",
						p -> get("Task?based-on=" + p.plan() + "&_summary=count"), Set.of(200, 400), false),
				new Attack("search the teams the ambulatory is in",
						p -> get("CareTeam?participant=" + p.ambulatory() + "&_count=200"), Set.of(200), true),
				new Attack("search tasks by _id with _include of the plan",
						p -> get("Task?_id=" + p.id(p.task()) + "&_include=Task:based-on"), Set.of(200), true),
				new Attack("search plans with _revinclude of their tasks",
						p -> get("CarePlan?_id=" + p.id(p.plan()) + "&_revinclude=Task:based-on"), Set.of(200), true),
				new Attack("chained: Task?based-on:CarePlan.subject=<her>",
						p -> get("Task?based-on:CarePlan.subject=" + p.patient()), Set.of(200), true),
				new Attack("search tasks by the secret words",
						p -> get("Task?_content=" + q("cocaine")), Set.of(200, 400), false),
				new Attack("conditional update of the task (PUT Task?_id=)",
						p -> put("Task?_id=" + p.id(p.task()), taskBody(p, p.id(p.task()), p.outsider())),
						Set.of(400, 403, 404, 412), false),
				new Attack("update the task by id, as its owner",
						p -> put(p.task(), taskBody(p, p.id(p.task()), p.outsider())), Set.of(403, 404), false),
				new Attack("delete the task", p -> delete(p.task()), Set.of(403, 404), false),
				new Attack("slip a task of its own into her plan",
						p -> post("Task", taskBody(p, null, p.outsider())), Set.of(403), false),
				new Attack("add itself to the team (update by id)", p -> put(p.team(), teamBody(p, p.id(p.team()))),
						Set.of(403, 404), false),
				new Attack("a team of its own about her", p -> post("CareTeam", teamBody(p, null)), Set.of(403), false),
				new Attack("record itself as holding her custody (RelatedPerson custody-holder)",
						p -> post("RelatedPerson", custodyBody(p)), Set.of(403), false),
				new Attack("message: cancel the task (care-task-changed)", p -> message(p, p.sender(),
						parse(Task.class, taskBody(p, p.id(p.task()), null))), Set.of(403, 404), false),
				new Attack("message: slip a task of its own into her plan", p -> message(p, p.sender(),
						ownedBy(parse(Task.class, taskBody(p, null, null)), p.sender())), Set.of(403), false),
				new Attack("message: a team about her, said to be the ambulatory's", p -> message(p, p.sender(),
						parse(CareTeam.class, teamBody(p, null))), Set.of(403), false),
				new Attack("message: cancel the task in the owner's name", p -> message(p, p.owner(),
						parse(Task.class, taskBody(p, p.id(p.task()), null))), Set.of(403), false));
	}

	static Stream<org.junit.jupiter.params.provider.Arguments> cases() {
		return Stream.of(Attacker.values()).flatMap(who -> attacks().map(attack ->
				org.junit.jupiter.params.provider.Arguments.of(who, attack)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("cases")
	void noOneOutsideTheTeamGetsAnythingOfItOrChangesIt(Attacker who, Attack attack) throws Exception {
		String token = who == Attacker.OUTSIDER ? picture().outsider() : picture().leaver();
		Picture p = picture().askedBy(token);
		int messages = storedCount("Bundle", "type=http://hl7.org/fhir/bundle-type|message");
		HttpResponse<String> answer = send(http(attack.request().apply(p), token));

		assertThat(attack.refusals()).as(answer.body()).contains(answer.statusCode());
		assertThat(answer.body()).doesNotContain(p.secret());
		assertThat(networkResourcesIn(answer.body(), p)).as(answer.body()).isEmpty();
		if (attack.name().startsWith("count") && answer.statusCode() == 200) {
			assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("total").asInt(-1))
					.as("a count says nothing of her tasks: " + answer.body()).isZero();
		}
		Task stored = operatorRead(p);
		assertThat(stored.getStatus()).as("the task is unchanged").isEqualTo(Task.TaskStatus.INPROGRESS);
		assertThat(storedCount("Bundle", "type=http://hl7.org/fhir/bundle-type|message")).as("no message kept").isEqualTo(messages);
	}

	@ParameterizedTest(name = "a member sees it through: {0}")
	@MethodSource("controls")
	void aCurrentMemberSeesItThroughTheSamePath(Attack attack) throws Exception {
		Picture p = picture().askedBy(picture().member());
		HttpResponse<String> answer = send(http(attack.request().apply(p), p.member()));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(networkResourcesIn(answer.body(), p)).as(answer.body()).isNotEmpty();
	}

	static Stream<Attack> controls() {
		return attacks().filter(Attack::memberSees);
	}

	@AfterAll
	static void closeReceiver() {
		if (receiver != null) {
			receiver.close();
		}
	}

	@org.springframework.beans.factory.annotation.Autowired
	private ca.uhn.fhir.jpa.api.dao.DaoRegistry daos;

	/** The task as stored, read as the hub. */
	private Task operatorRead(Picture p) {
		return daos.getResourceDao(Task.class).read(new org.hl7.fhir.r4.model.IdType(p.task()),
				new ca.uhn.fhir.rest.api.server.SystemRequestDetails());
	}

	private synchronized Picture picture() throws Exception {
		if (picture != null) {
			return picture;
		}
		String since = new InstantType(Date.from(Instant.now().minusSeconds(5))).getValueAsString();
		receiver = new FhirReceiver(fhirContext);
		MaternityNetwork network = newNetwork(receiver).build();
		network.networkAgreement(network.region, network.gpOrganisation, network.aalborg);
		Organization outsider = network.member("Lægerne udenfor (test)", "general-practice", "outsider", network.gpOrganisation);
		Patient ditte = network.ditte();
		network.networkConsent(ditte, network.gpPractice, network.asGp, List.of("family-ambulatory", "general-practice",
				"municipal-family-department"));
		Map<Organization, String> members = new LinkedHashMap<>();
		members.put(network.familyAmbulatory, "family-ambulatory");
		members.put(network.gpPractice, "general-practitioner");
		members.put(network.aalborgFamilyDepartment, "family-department");
		CareTeam team = (CareTeam) network.asFamilyAmbulatory.create()
				.resource(WomansNetworkIT.team(ditte, network.familyAmbulatory, members)).execute().getResource();
		CarePlan plan = (CarePlan) network.asFamilyAmbulatory.create()
				.resource(WomansNetworkIT.plan(ditte, team, network.familyAmbulatory, "Ditte's plan")).execute().getResource();
		String secret = "cocaine-" + UUID.randomUUID();
		Task task = (Task) network.asFamilyAmbulatory.create().resource(WomansNetworkIT.task(ditte, plan,
				network.familyAmbulatory, "urine-sample", Task.TaskStatus.INPROGRESS, "Urine samples at each visit, " + secret))
				.execute().getResource();
		// her GP leaves the team
		team.getParticipant().stream()
				.filter(member -> member.getMember().getReference().equals(MaternityNetwork.reference(network.gpPractice).getReference()))
				.forEach(member -> member.getPeriod().setEnd(new Date(System.currentTimeMillis() - 1_000)));
		network.asFamilyAmbulatory.update().resource(team).execute();
		await("Aalborg told of the task").atMost(Duration.ofSeconds(30)).until(() -> receiver.receivedAt("aalborg").size() >= 3);
		picture = new Picture(MaternityNetwork.reference(ditte).getReference(), MaternityNetwork.reference(team).getReference(),
				MaternityNetwork.reference(plan).getReference(), MaternityNetwork.reference(task).getReference(), secret, since,
				tokens.token("outsider-gp", MaternityNetwork.sor(outsider), HubTokens.CARE_PROVIDER),
				network.gpToken, network.aalborgToken,
				MaternityNetwork.reference(network.familyAmbulatory).getReference(), ditte, new LinkedHashMap<>(), null);
		picture.organisations().put(picture.outsider(), outsider);
		picture.organisations().put(picture.leaver(), network.gpPractice);
		picture.organisations().put(picture.member(), network.aalborgFamilyDepartment);
		picture.organisations().put(picture.ambulatory(), network.familyAmbulatory);
		return picture;
	}

	private static String taskBody(Picture p, String id, String ignored) {
		return "{\"resourceType\":\"Task\"," + (id == null ? "" : "\"id\":\"" + id + "\",")
				+ "\"meta\":{\"profile\":[\"http://godstart.dk/fhir/StructureDefinition/network-task\"]},"
				+ "\"status\":\"cancelled\",\"intent\":\"plan\",\"code\":{\"coding\":[{\"system\":"
				+ "\"http://godstart.dk/fhir/CodeSystem/network-activity\",\"code\":\"urine-sample\"}]},"
				+ "\"basedOn\":[{\"reference\":\"" + p.plan() + "\"}],\"for\":{\"reference\":\"" + p.patient() + "\"},"
				+ "\"owner\":{\"reference\":\"" + p.ambulatory() + "\"}}";
	}

	private static String custodyBody(Picture p) {
		return "{\"resourceType\":\"RelatedPerson\","
				+ "\"meta\":{\"profile\":[\"http://godstart.dk/fhir/StructureDefinition/dk-maternity-related-person\"]},"
				+ "\"active\":true,\"patient\":{\"reference\":\"" + p.patient() + "\"},"
				+ "\"relationship\":[{\"coding\":[{\"system\":\"http://godstart.dk/fhir/CodeSystem/related-person-role\","
				+ "\"code\":\"custody-holder\"}]}],\"name\":[{\"text\":\"Not her parent\"}],"
				+ "\"period\":{\"start\":\"2020-01-01\"}}";
	}

	private static String teamBody(Picture p, String id) {
		return "{\"resourceType\":\"CareTeam\"," + (id == null ? "" : "\"id\":\"" + id + "\",")
				+ "\"meta\":{\"profile\":[\"http://godstart.dk/fhir/StructureDefinition/network-care-team\"]},"
				+ "\"status\":\"active\",\"subject\":{\"reference\":\"" + p.patient() + "\"},"
				+ "\"managingOrganization\":[{\"reference\":\"" + p.ambulatory() + "\"}],"
				+ "\"participant\":[{\"role\":[{\"coding\":[{\"system\":\"http://godstart.dk/fhir/CodeSystem/network-role\","
				+ "\"code\":\"general-practitioner\"}]}],\"member\":{\"reference\":\"" + p.ambulatory() + "\"}}]}";
	}

	/** A message, sent in {@code sender}'s name, whose focus is {@code focus} (as the attacker's own system sends it). */
	private static Req message(Picture p, Organization sender, org.hl7.fhir.r4.model.Resource focus) {
		dk.godstart.hub.routes.events.MessageEvent event = focus instanceof CareTeam
				? dk.godstart.hub.routes.events.MessageEvent.CARE_TEAM_CHANGED
				: dk.godstart.hub.routes.events.MessageEvent.CARE_TASK_CHANGED;
		return post("$process-message", ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
				dk.godstart.hub.server.support.NetworkMessage.of(event, sender, p.owner(), p.woman(), focus)));
	}

	private static <T extends org.hl7.fhir.r4.model.Resource> T parse(Class<T> type, String json) {
		return ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().parseResource(type, json);
	}

	private static Task ownedBy(Task task, Organization owner) {
		return task.setOwner(MaternityNetwork.reference(owner));
	}

	private static Req get(String path) {
		return new Req("GET", path, null);
	}

	private static Req put(String path, String body) {
		return new Req("PUT", path, body);
	}

	private static Req post(String path, String body) {
		return new Req("POST", path, body);
	}

	private static Req delete(String path) {
		return new Req("DELETE", path, null);
	}

	private HttpRequest.Builder http(Req req, String token) {
		HttpRequest.Builder request = anonymousRequest(fhirPath(req.path())).setHeader("Authorization", bearer(token));
		if (req.body() != null) {
			request.header("Content-Type", "application/fhir+json");
		}
		return request.method(req.method(), req.body() == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(req.body()));
	}

	/** The ids of the network's resources an answer carries (as a resource, or entries of a bundle). */
	private Set<String> networkResourcesIn(String body, Picture p) throws Exception {
		Set<String> found = new java.util.LinkedHashSet<>();
		com.fasterxml.jackson.databind.JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
		List<com.fasterxml.jackson.databind.JsonNode> resources = new java.util.ArrayList<>();
		resources.add(answer);
		answer.path("entry").forEach(entry -> resources.add(entry.path("resource")));
		Set<String> picture = Set.of(p.team(), p.plan(), p.task());
		for (com.fasterxml.jackson.databind.JsonNode resource : resources) {
			String key = resource.path("resourceType").asText() + "/" + resource.path("id").asText();
			if (picture.contains(key)) {
				found.add(key);
			}
		}
		return found;
	}

	private static String fhirPath(String path) {
		return path.startsWith("/") ? path : "/fhir/" + path;
	}

	private static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
