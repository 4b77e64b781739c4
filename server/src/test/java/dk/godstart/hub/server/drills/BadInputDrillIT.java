package dk.godstart.hub.server.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.HubIntegrationTest;
import dk.godstart.hub.server.support.MllpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Reliability drill, bad input: a corpus of malformed and hostile requests, each of which must get a clear 4xx with an
 * OperationOutcome (or an HL7 AR on the MLLP port), store nothing, and leave the hub answering. Prints one summary line.
 */
class BadInputDrillIT extends HubIntegrationTest {

	/** A CPR number no case writes successfully: if a Patient with it exists afterwards, something was half stored. */
	static final String MARKER_CPR = "0101011111";

	record Case(String name, Supplier<HttpRequest.Builder> request, int low, int high) {}

	@Test
	void everyMalformedOrHostileInputIsRefusedClearlyAndNothingIsStored() throws Exception {
		String patient = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + GodStartIg.CPR_SYSTEM
				+ "\",\"value\":\"" + MARKER_CPR + "\"}],\"name\":[{\"family\":\"Drill\"}]";
		StringBuilder nested = new StringBuilder(patient + ",\"extension\":[");
		nested.append("[".repeat(5_000)).append("]".repeat(5_000)).append("]}");
		String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;"
				+ "&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
				+ "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&lol3;\"/></name></Patient>";
		byte[] notUtf8 = (patient + "}").getBytes(StandardCharsets.UTF_8);
		notUtf8[notUtf8.length - 10] = (byte) 0xC3;
		notUtf8[notUtf8.length - 9] = (byte) 0x28;
		List<Case> corpus = List.of(
				new Case("broken JSON", () -> post("/fhir/Patient", "application/fhir+json", patient), 400, 400),
				new Case("broken XML", () -> post("/fhir/Patient", "application/fhir+xml",
						"<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"x\">"), 400, 400),
				new Case("wrong content type", () -> post("/fhir/Patient", "text/plain", patient + "}"), 400, 415),
				new Case("deeply nested JSON", () -> post("/fhir/Patient", "application/fhir+json", nested.toString()), 400, 400),
				new Case("XML entity expansion", () -> post("/fhir/Patient", "application/fhir+xml", laughs), 400, 400),
				new Case("invalid UTF-8", () -> request("/fhir/Patient").header("Content-Type", "application/fhir+json")
						.POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)), 400, 422),
				new Case("invalid CPR", () -> post("/fhir/Patient", "application/fhir+json", patient.replace(MARKER_CPR,
						"01010-1111") + "}"), 422, 422),
				new Case("claims a profile of another type", () -> post("/fhir/Patient", "application/fhir+json",
						patient.replace("{\"resourceType\":\"Patient\",", "{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\""
								+ GodStartIg.Profiles.FAMILY_AMBULATORY_REFERRAL + "\"]},") + "}"), 422, 422),
				new Case("unknown resource type", () -> post("/fhir/Spaceship", "application/fhir+json",
						"{\"resourceType\":\"Spaceship\"}"), 400, 404),
				new Case("type in body differs from URL", () -> post("/fhir/Observation", "application/fhir+json",
						patient + "}"), 400, 400),
				new Case("body over the size limit", () -> post("/fhir/Patient", "application/fhir+json",
						patient + ",\"text\":{\"status\":\"generated\",\"div\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}}"), 413, 413),
				new Case("no body", () -> request("/fhir/Patient").header("Content-Type", "application/fhir+json")
						.POST(HttpRequest.BodyPublishers.noBody()), 400, 400));

		List<String> failures = new ArrayList<>();
		for (Case c : corpus) {
			HttpResponse<String> answer = send(c.request().get());
			boolean statusOk = answer.statusCode() >= c.low() && answer.statusCode() <= c.high();
			boolean outcome = answer.body() != null && answer.body().contains("OperationOutcome");
			System.out.printf("drill bad-input: %-32s HTTP %d%n", c.name(), answer.statusCode());
			if (!statusOk || !outcome) {
				failures.add(c.name() + ": HTTP " + answer.statusCode() + (outcome ? "" : " without an OperationOutcome"));
			}
			assertThat(send(anonymousRequest("/fhir/metadata")).statusCode()).as("the hub answers after: " + c.name())
					.isEqualTo(200);
		}
		String ack;
		try (MllpClient hospital = new MllpClient(mllpPort())) {
			ack = hospital.send("\u0000\u0001GARBAGE|||\r\u00ff\u00fe");
		}
		boolean mllpRefused = "AR".equals(MllpClient.field(ack, "MSA", 1));
		if (!mllpRefused) {
			failures.add("HL7 v2 garbage on the MLLP port: " + ack);
		}

		int stored = storedCount("Patient", "identifier=" + GodStartIg.CPR_SYSTEM + "|" + MARKER_CPR);
		System.out.printf("drill bad-input: %s - %d of %d inputs refused as expected, %d stored, hub answering%n",
				failures.isEmpty() && stored == 0 ? "passed" : "FAILED", corpus.size() + 1 - failures.size(),
				corpus.size() + 1, stored);
		assertThat(failures).isEmpty();
		assertThat(stored).as("nothing of a refused request is stored").isZero();
		assertThat(send(post("/fhir/Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"identifier\":[{"
				+ "\"system\":\"" + GodStartIg.CPR_SYSTEM + "\",\"value\":\"" + newCpr() + "\"}],\"name\":[{\"family\":\"After\"}]}"))
				.statusCode()).as("and still takes a good one").isEqualTo(201);
	}

	private HttpRequest.Builder post(String path, String contentType, String body) {
		return request(path).header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
	}
}
