package dk.godstart.hub.server.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.HubIntegrationTest;
import dk.godstart.hub.server.support.MllpClient;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reliability drill, bad input: a corpus of malformed and hostile requests, each of which must get a clear 4xx with an
 * OperationOutcome (or an HL7 AR on the MLLP port), store nothing, and leave the hub answering. One case per input, so
 * a report names the input the hub mishandled; prints a line per input and one summary line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputDrillIT extends HubIntegrationTest {

	/** A CPR number no case writes successfully: if a Patient with it exists afterwards, something was half stored. */
	static final String MARKER_CPR = "0101011111";

	private static final String PATIENT = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + GodStartIg.CPR_SYSTEM
			+ "\",\"value\":\"" + MARKER_CPR + "\"}],\"name\":[{\"family\":\"Drill\"}]";

	private static final AtomicInteger REFUSED = new AtomicInteger();

	/** One bad input: sends itself to the hub and checks that the hub refused it clearly. */
	@FunctionalInterface
	interface BadInput {
		void isRefusedBy(BadInputDrillIT hub, String name) throws Exception;
	}

	/** Over HTTP: the status must lie in {@code low..high} and the body be an OperationOutcome. */
	@FunctionalInterface
	interface HttpInput {
		HttpRequest.Builder request(BadInputDrillIT hub);
	}

	static BadInput http(int low, int high, HttpInput input) {
		return (hub, name) -> {
			HttpResponse<String> answer = hub.send(input.request(hub));
			System.out.printf("drill bad-input: %-32s HTTP %d%n", name, answer.statusCode());
			assertThat(answer.statusCode()).as("the status of " + name).isBetween(low, high);
			assertThat(answer.body()).as("the answer to " + name).isNotNull().contains("OperationOutcome");
		};
	}

	static Stream<Named<BadInput>> corpus() {
		String nested = PATIENT + ",\"extension\":[" + "[".repeat(5_000) + "]".repeat(5_000) + "]}";
		String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;"
				+ "&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
				+ "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&lol3;\"/></name></Patient>";
		byte[] notUtf8 = (PATIENT + "}").getBytes(StandardCharsets.UTF_8);
		notUtf8[notUtf8.length - 10] = (byte) 0xC3;
		notUtf8[notUtf8.length - 9] = (byte) 0x28;
		return Stream.of(
				Named.of("broken JSON", http(400, 400, hub -> hub.post("/fhir/Patient", "application/fhir+json", PATIENT))),
				Named.of("broken XML", http(400, 400, hub -> hub.post("/fhir/Patient", "application/fhir+xml",
						"<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"x\">"))),
				Named.of("wrong content type", http(400, 415, hub -> hub.post("/fhir/Patient", "text/plain", PATIENT + "}"))),
				Named.of("deeply nested JSON", http(400, 400, hub -> hub.post("/fhir/Patient", "application/fhir+json", nested))),
				Named.of("XML entity expansion", http(400, 400, hub -> hub.post("/fhir/Patient", "application/fhir+xml", laughs))),
				Named.of("invalid UTF-8", http(400, 422, hub -> hub.request("/fhir/Patient")
						.header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)))),
				Named.of("invalid CPR", http(422, 422, hub -> hub.post("/fhir/Patient", "application/fhir+json",
						PATIENT.replace(MARKER_CPR, "01010-1111") + "}"))),
				Named.of("claims a profile of another type", http(422, 422, hub -> hub.post("/fhir/Patient",
						"application/fhir+json", PATIENT.replace("{\"resourceType\":\"Patient\",",
								"{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\""
										+ GodStartIg.Profiles.FAMILY_AMBULATORY_REFERRAL + "\"]},") + "}"))),
				Named.of("unknown resource type", http(400, 404, hub -> hub.post("/fhir/Spaceship", "application/fhir+json",
						"{\"resourceType\":\"Spaceship\"}"))),
				Named.of("type in body differs from URL", http(400, 400, hub -> hub.post("/fhir/Observation",
						"application/fhir+json", PATIENT + "}"))),
				Named.of("body over the size limit", http(413, 413, hub -> hub.post("/fhir/Patient", "application/fhir+json",
						PATIENT + ",\"text\":{\"status\":\"generated\",\"div\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}}"))),
				Named.of("no body", http(400, 400, hub -> hub.request("/fhir/Patient")
						.header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.noBody()))),
				Named.of("HL7 v2 garbage on the MLLP port", (hub, name) -> {
					String ack;
					try (MllpClient hospital = new MllpClient(hub.mllpPort())) {
						ack = hospital.send("\u0000\u0001GARBAGE|||\r\u00ff\u00fe");
					}
					System.out.printf("drill bad-input: %-32s MSA %s%n", name, MllpClient.field(ack, "MSA", 1));
					assertThat(MllpClient.field(ack, "MSA", 1)).as("the HL7 acknowledgement of " + name + ": " + ack)
							.isEqualTo("AR");
				}));
	}

	@Order(1)
	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void aMalformedOrHostileInputIsRefusedClearlyAndNothingIsStored(BadInput input, TestInfo test)
			throws Exception {
		String name = test.getDisplayName();

		input.isRefusedBy(this, name);

		assertThat(storedCount("Patient", "identifier=" + GodStartIg.CPR_SYSTEM + "|" + MARKER_CPR))
				.as("nothing of the refused " + name + " is stored").isZero();
		assertThat(send(anonymousRequest("/fhir/metadata")).statusCode()).as("the hub answers after: " + name)
				.isEqualTo(200);
		REFUSED.incrementAndGet();
	}

	@Order(2)
	@Test
	void afterTheCorpusTheHubStillTakesAGoodPatient() throws Exception {
		assertThat(send(post("/fhir/Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"identifier\":[{"
				+ "\"system\":\"" + GodStartIg.CPR_SYSTEM + "\",\"value\":\"" + newCpr() + "\"}],\"name\":[{\"family\":\"After\"}]}"))
				.statusCode()).isEqualTo(201);
	}

	/**
	 * Slow clients (slowloris): sockets that send a request's headers a byte at a time and never finish. Tomcat waits
	 * for them without a worker thread each, so they cannot keep the woman's GP out; a request meanwhile is answered
	 * as always. (A cap on connections per client belongs to the reverse proxy in front of the hub.)
	 */
	@Order(3)
	@Test
	void slowClientsHoldingConnectionsDoNotKeepAGoodRequestOut() throws Exception {
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 250; i++) { // more than Tomcat's 200 worker threads
				Socket socket = new Socket("127.0.0.1", port);
				socket.getOutputStream().write(("POST /fhir/Patient HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
						.getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				slow.add(socket);
			}
			for (Socket socket : slow) {
				socket.getOutputStream().write('x');
				socket.getOutputStream().flush();
			}
			long started = System.nanoTime();
			HttpResponse<String> good = send(post("/fhir/Patient", "application/fhir+json", "{\"resourceType\":\"Patient\","
					+ "\"identifier\":[{\"system\":\"" + GodStartIg.CPR_SYSTEM + "\",\"value\":\"" + newCpr() + "\"}],"
					+ "\"name\":[{\"family\":\"Beside the slow ones\"}]}"));
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			System.out.printf("drill bad-input: %-32s %d slow connections held open, a good POST answered %d in %d ms%n",
					"slow clients (slowloris)", slow.size(), good.statusCode(), millis);
			assertThat(good.statusCode()).isEqualTo(201);
		} finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	@AfterAll
	static void summary() {
		long inputs = corpus().count();
		System.out.printf("drill bad-input: %s - %d of %d inputs refused as expected, nothing stored, hub answering%n",
				REFUSED.get() == inputs ? "passed" : "FAILED", REFUSED.get(), inputs);
	}

	private HttpRequest.Builder post(String path, String contentType, String body) {
		return request(path).header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
	}
}
