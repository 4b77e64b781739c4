package dk.godstart.hub.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.security.SecurityProperties;
import dk.godstart.hub.server.support.HubIntegrationTest;
import dk.godstart.hub.server.support.HubTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The README's first run: on the embedded default (the demo profile, as in this suite: no external issuer) the
 * directory holds every demo client's organisation, so the demo GP finds the woman it just registered; a caller
 * whose organisation the directory does not know is told so (403) instead of storing what it could never read back;
 * and seeding again, or from two nodes at once, stores nothing twice.
 */
class FirstRunIT extends HubIntegrationTest {

	private final ObjectMapper json = new ObjectMapper();

	@Autowired
	private DemoDirectory directory;

	@Autowired
	private SecurityProperties security;

	@Autowired
	private DaoRegistry daos;

	@Test
	void theDemoGpFindsTheWomanItJustRegistered() throws Exception {
		// the Quick start, with a CPR number of this run's own (the suite's database is shared across runs)
		String token = demoToken("demo-gp");
		String cpr = newCpr();

		HttpResponse<String> created = send(anonymousRequest("/fhir/Patient")
				.header("Authorization", bearer(token))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(patient(cpr, "Nielsen", "Ditte"))));
		HttpResponse<String> found = send(anonymousRequest("/fhir/Patient?identifier=" + CPR_SYSTEM + "%7C" + cpr)
				.header("Authorization", bearer(token)));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
		JsonNode bundle = json.readTree(found.body());
		assertThat(bundle.path("entry")).as(found.body()).hasSize(1);
		assertThat(bundle.path("entry").get(0).path("resource").path("identifier").get(0).path("value").asText())
				.isEqualTo(cpr);
	}

	@Test
	void everyDemoClientsTokenNamesAnOrganisationOfTheDirectory() throws Exception {
		assertThat(security.demoClients()).extracting(SecurityProperties.DemoClient::id)
				.contains("demo-gp", "demo-hospital", "demo-family-ambulatory", "demo-municipality-0851",
						"demo-municipality-0461", "demo-substance-treatment", "demo-registry");
		assertThat(directory.clientsWithoutOrganisation()).isEmpty();
		// and the municipality's token covers its family department, which its subscriptions are about
		HttpResponse<String> odense = send(anonymousRequest("/fhir/Organization?_id=odense-family-department")
				.header("Authorization", bearer(demoToken("demo-municipality-0461"))));
		assertThat(json.readTree(odense.body()).path("entry")).as(odense.body()).hasSize(1);
	}

	@Test
	void aWriteForAnOrganisationTheDirectoryDoesNotKnowIsRefusedWithTheWayOut() throws Exception {
		String unknown = GodStartIg.SOR_SYSTEM + "|" + ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L);
		String token = tokens.token("unknown-ehr", unknown, HubTokens.CARE_PROVIDER);
		String cpr = newCpr();

		HttpResponse<String> refused = send(anonymousRequest("/fhir/Patient")
				.header("Authorization", bearer(token))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(patient(cpr, "Hansen", "Eva"))));

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		JsonNode outcome = json.readTree(refused.body());
		assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
		assertThat(outcome.path("issue").get(0).path("diagnostics").asText())
				.contains("organisation " + unknown + " is not in the hub's directory")
				.contains("An operator adds it with PUT /fhir/Organization?identifier=" + unknown);
		assertThat(storedCount("Patient", "identifier=" + CPR_SYSTEM + "|" + cpr)).isZero();

		// the way out, as the answer says: the operator adds the organisation, and the same write then works
		String sor = unknown.substring(unknown.indexOf('|') + 1);
		HttpResponse<String> added = send(anonymousRequest("/fhir/Organization?identifier=" + GodStartIg.SOR_SYSTEM + "%7C" + sor)
				.header("Authorization", bearer(demoToken("demo-admin")))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Organization\",\"active\":true,"
						+ "\"identifier\":[{\"system\":\"" + GodStartIg.SOR_SYSTEM + "\",\"value\":\"" + sor + "\"}],"
						+ "\"type\":[{\"coding\":[{\"system\":\"http://godstart.dk/fhir/CodeSystem/organization-type\","
						+ "\"code\":\"general-practice\"}]}],\"name\":\"Lægehuset (run " + sor + ")\"}")));
		assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
		HttpResponse<String> accepted = send(anonymousRequest("/fhir/Patient")
				.header("Authorization", bearer(token))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(patient(cpr, "Hansen", "Eva"))));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		assertThat(storedCount("Patient", "identifier=" + CPR_SYSTEM + "|" + cpr)).isOne();
	}

	@Test
	void seedingAgainStoresNothing() {
		// the hub seeded once at start-up; a restart seeds again
		int before = organisations();

		DemoDirectory.Outcome again = directory.seed();

		assertThat(again.created()).isEmpty();
		assertThat(again.present()).containsAll(directory.ids());
		assertThat(organisations()).isEqualTo(before);
		for (String sor : List.of("498361000016003", "524611000016009", "524641000016007", "549991000016005")) {
			assertThat(storedCount("Organization", "identifier=" + GodStartIg.SOR_SYSTEM + "|" + sor)).as(sor).isOne();
		}
	}

	@Test
	void twoNodesSeedingAtOnceStoreEachOrganisationOnce() {
		// a directory of this run's own, so that it is new to the database, seeded by two "nodes" at the same moment
		String sor = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
		String id = "demo-unit-" + sor;
		DemoProperties properties = new DemoProperties(true, List.of(
				new DemoProperties.Organisation(id, "Demo unit (run " + sor + ")", "hospital-department",
						List.of(GodStartIg.SOR_SYSTEM + "|" + sor), "region-nordjylland"),
				new DemoProperties.Organisation(id + "-ward", "Demo ward (run " + sor + ")", "hospital-department",
						List.of(), id)));
		int before = organisations();

		DemoDirectory nodeA = node(properties);
		DemoDirectory nodeB = node(properties);
		CompletableFuture<DemoDirectory.Outcome> seedingA = CompletableFuture.supplyAsync(nodeA::seed);
		CompletableFuture<DemoDirectory.Outcome> seedingB = CompletableFuture.supplyAsync(nodeB::seed);
		List<DemoDirectory.Outcome> outcomes = List.of(seedingA.join(), seedingB.join());

		assertThat(outcomes.stream().mapToInt(outcome -> outcome.created().size()).sum()).isEqualTo(2);
		assertThat(outcomes).allSatisfy(outcome -> assertThat(
				java.util.stream.Stream.concat(outcome.created().stream(), outcome.present().stream()))
				.containsExactlyInAnyOrderElementsOf(nodeA.ids()));
		assertThat(organisations()).isEqualTo(before + 2);
		assertThat(storedCount("Organization", "identifier=" + GodStartIg.SOR_SYSTEM + "|" + sor)).isOne();
		Organization ward = daos.getResourceDao(Organization.class)
				.read(new org.hl7.fhir.r4.model.IdType("Organization", id + "-ward"), new SystemRequestDetails());
		assertThat(ward.getPartOf().getReference()).isEqualTo("Organization/" + id);
	}

	private DemoDirectory node(DemoProperties properties) {
		return new DemoDirectory(fhirContext, daos.getResourceDao(Organization.class), properties, security.demoClients());
	}

	private int organisations() {
		return daos.getResourceDao(Organization.class)
				.searchForResourceIds(SearchParameterMap.newSynchronous(), new SystemRequestDetails()).size();
	}

	private String demoToken(String client) throws Exception {
		HttpResponse<String> issued = send(anonymousRequest("/oauth2/token")
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
						(client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		return json.readTree(issued.body()).get("access_token").asText();
	}

	/** The README's Patient, for {@code cpr}. */
	private static String patient(String cpr, String family, String given) {
		return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + CPR_SYSTEM + "\",\"value\":\"" + cpr
				+ "\"}],\"name\":[{\"family\":\"" + family + "\",\"given\":[\"" + given + "\"]}]}";
	}
}
