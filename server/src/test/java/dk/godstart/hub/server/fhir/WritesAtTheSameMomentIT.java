package dk.godstart.hub.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.server.support.HubIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Writes that meet at the same moment. Ditte's GP's system times out and sends her registration again while the first
 * is still being stored, and again: every copy is a conditional create on her CPR number. She is stored once, and
 * every copy is answered with success. And two systems correcting her record at once (no If-Match) both succeed,
 * one after the other, while one that asked for a version check is told of the conflict.
 */
class WritesAtTheSameMomentIT extends HubIntegrationTest {

	@Test
	void sixCopiesOfOneConditionalCreateAtOnceStoreHerOnceAndAllSucceed() throws Exception {
		for (int round = 0; round < 5; round++) {
			String cpr = newCpr();
			String ditte = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + CPR_SYSTEM + "\",\"value\":\""
					+ cpr + "\"}],\"name\":[{\"family\":\"Nielsen\",\"given\":[\"Ditte\"]}]}";
			ExecutorService ehr = Executors.newFixedThreadPool(6);
			List<Callable<Integer>> copies = new ArrayList<>();
			for (int copy = 0; copy < 6; copy++) {
				copies.add(() -> send(request("/fhir/Patient")
						.header("Content-Type", "application/fhir+json")
						.header("If-None-Exist", "identifier=" + CPR_SYSTEM + "|" + cpr)
						.POST(HttpRequest.BodyPublishers.ofString(ditte))).statusCode());
			}
			List<Integer> answers = new ArrayList<>();
			try {
				for (Future<Integer> answer : ehr.invokeAll(copies)) {
					answers.add(answer.get());
				}
			} finally {
				ehr.shutdownNow();
			}

			assertThat(answers).as("round %d", round).containsOnly(200, 201).containsOnlyOnce(201);
			assertThat(storedCount("Patient", "identifier=" + CPR_SYSTEM + "|" + cpr)).isEqualTo(1);
		}
	}

	@Test
	void correctionsOfHerRecordAtOnceAreAppliedInTurnUnlessOneAskedForAVersionCheck() throws Exception {
		String cpr = newCpr();
		String id = fhir.create().resource(patient(cpr, "Nielsen")).execute().getId().getIdPart();
		ExecutorService systems = Executors.newFixedThreadPool(6);
		List<Callable<Integer>> corrections = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String body = fhirContext.newJsonParser().encodeResourceToString(patient(cpr, "Nielsen-" + i).setId(id));
			corrections.add(() -> send(request("/fhir/Patient/" + id).header("Content-Type", "application/fhir+json")
					.PUT(HttpRequest.BodyPublishers.ofString(body))).statusCode());
		}
		List<Integer> answers = new ArrayList<>();
		try {
			for (Future<Integer> answer : systems.invokeAll(corrections)) {
				answers.add(answer.get());
			}
		} finally {
			systems.shutdownNow();
		}
		assertThat(answers).containsOnly(200);
		assertThat(fhir.read().resource(org.hl7.fhir.r4.model.Patient.class).withId(id).execute().getMeta().getVersionId())
				.as("every correction is a version").isEqualTo("7");

		String stale = fhirContext.newJsonParser().encodeResourceToString(patient(cpr, "Stale").setId(id));
		HttpResponse<String> checked = send(request("/fhir/Patient/" + id).header("Content-Type", "application/fhir+json")
				.header("If-Match", "W/\"1\"").PUT(HttpRequest.BodyPublishers.ofString(stale)));
		assertThat(checked.statusCode()).isEqualTo(409);
	}

	private static org.hl7.fhir.r4.model.Patient patient(String cpr, String family) {
		org.hl7.fhir.r4.model.Patient patient = new org.hl7.fhir.r4.model.Patient();
		patient.addIdentifier().setSystem(CPR_SYSTEM).setValue(cpr);
		patient.addName().setFamily(family).addGiven("Ditte");
		return patient;
	}
}
