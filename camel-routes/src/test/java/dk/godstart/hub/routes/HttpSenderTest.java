package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dk.godstart.hub.routes.delivery.HttpSender;
import dk.godstart.hub.routes.delivery.SendResult;
import dk.godstart.hub.routes.delivery.SendResult.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a receiver's answer means, against a real HTTP peer on loopback: the family ambulatory's endpoint (a
 * receiver) and Aalborg's case system (a subscriber, for whom "not allowed" and "not here" mean "later").
 */
class HttpSenderTest {

	private HttpServer peer;
	private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
	private final AtomicReference<String> lastContentType = new AtomicReference<>();

	@BeforeEach
	void aPeerAnsweringWhatItIsAskedFor() throws IOException {
		peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		peer.createContext("/", exchange -> {
			lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
			lastContentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
			exchange.getRequestBody().readAllBytes();
			int status = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
			byte[] body = ("{\"answered\":" + status + "}").getBytes(StandardCharsets.UTF_8);
			if (status == 302) {
				exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + peer.getAddress().getPort() + "/200");
			}
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		peer.start();
	}

	@AfterEach
	void stop() {
		peer.stop(0);
	}

	@ParameterizedTest(name = "HTTP {0}: receiver {1}, subscriber {2}")
	@CsvSource({
			"200, DELIVERED, DELIVERED",
			"202, DELIVERED, DELIVERED",
			"302, RETRY, RETRY",
			"400, REJECTED, REJECTED",
			"401, REJECTED, RETRY",
			"404, REJECTED, RETRY",
			"408, RETRY, RETRY",
			"422, REJECTED, REJECTED",
			"429, RETRY, RETRY",
			"500, RETRY, RETRY",
			"503, RETRY, RETRY"})
	void theAnswerDecidesWhatHappensNext(int status, Kind forAReceiver, Kind forASubscriber) {
		SendResult receiver = sender(Set.of(), "receiver").send("POST", url(status), List.of(), "application/fhir+json", "{}");
		SendResult subscriber = sender(Set.of(401, 403, 404), "subscriber")
				.send("POST", url(status), List.of(), "application/fhir+json", "{}");
		assertThat(receiver.kind()).isEqualTo(forAReceiver);
		assertThat(subscriber.kind()).isEqualTo(forASubscriber);
		assertThat(receiver.status()).isEqualTo(status);
		assertThat(receiver.body()).isEqualTo("{\"answered\":" + status + "}");
		if (forAReceiver != Kind.DELIVERED) {
			assertThat(receiver.problem()).isEqualTo("The receiver answered HTTP " + status + " to POST " + url(status));
		}
	}

	@Test
	void onlyTheGivenHeadersAreSentWithTheBodysType() {
		SendResult result = sender(Set.of(), "subscriber").send("POST", url(200),
				List.of(Map.entry("Authorization", "Bearer aalborg")), "application/fhir+json", "{}");
		assertThat(result.kind()).isEqualTo(Kind.DELIVERED);
		assertThat(lastAuthorization).hasValue("Bearer aalborg");
		assertThat(lastContentType).hasValue("application/fhir+json; charset=utf-8");
	}

	@Test
	void aReceiverThatIsNotListeningIsTriedAgainLater() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		SendResult result = sender(Set.of(), "receiver").send("POST", "http://127.0.0.1:" + closed + "/gp", List.of(),
				"application/fhir+json", "{}");
		assertThat(result.kind()).isEqualTo(Kind.RETRY);
		assertThat(result.problem()).startsWith("Could not reach http://127.0.0.1:" + closed + "/gp");
	}

	@Test
	void anAddressThatIsNoUrlIsRefusedWithoutATry() {
		SendResult result = sender(Set.of(), "receiver").send("POST", "not a url", List.of(), "application/fhir+json", "{}");
		assertThat(result.kind()).isEqualTo(Kind.REJECTED);
		assertThat(result.problem()).contains("not valid");
	}

	private HttpSender sender(Set<Integer> alsoLater, String receiver) {
		return new HttpSender(Duration.ofSeconds(2), Duration.ofSeconds(5), alsoLater, 1_000, receiver);
	}

	private String url(int status) {
		return "http://127.0.0.1:" + peer.getAddress().getPort() + "/" + status;
	}
}
