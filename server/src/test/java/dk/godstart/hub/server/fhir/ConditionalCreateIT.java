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
 * Ditte's GP's system times out and sends her registration again while the first is still being stored, and again:
 * every copy is a conditional create on her CPR number. She is stored once, and every copy is answered with success.
 */
class ConditionalCreateIT extends HubIntegrationTest {

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
}
