package dk.godstart.hub.routes.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * POSTs a hub message bundle ({@code application/fhir+json}) to a receiver's endpoint ({@link HttpSender}): delivered
 * (2xx), rejected by the receiver (4xx other than 408 and 429, which say "later"), or worth retrying (5xx, 408, 429,
 * time-out, connection refused).
 */
public class MessageSender {

	private static final int MAX_KEPT_RESPONSE = 16_384;
	private static final List<Map.Entry<String, String>> ACCEPT_FHIR = List.of(Map.entry("Accept", "application/fhir+json"));

	private final HttpSender http;

	public MessageSender(Duration connectTimeout, Duration requestTimeout) {
		this.http = new HttpSender(connectTimeout, requestTimeout, Set.of(), MAX_KEPT_RESPONSE, "receiver");
	}

	public SendResult send(String address, String messageJson) {
		return http.send("POST", address, ACCEPT_FHIR, "application/fhir+json", messageJson);
	}
}
