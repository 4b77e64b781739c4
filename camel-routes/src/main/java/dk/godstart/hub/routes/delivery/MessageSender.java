package dk.godstart.hub.routes.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * POSTs a message bundle ({@code application/fhir+json}) to a receiver and says what the answer means for the
 * delivery: delivered (2xx), rejected by the receiver (4xx other than 408 and 429, which say "later"), or worth
 * retrying (5xx, 408, 429, time-out, connection refused).
 */
public class MessageSender {

	private static final int MAX_KEPT_RESPONSE = 16_384;

	private final HttpClient client;
	private final Duration requestTimeout;

	public MessageSender(Duration connectTimeout, Duration requestTimeout) {
		this.client = HttpClient.newBuilder()
				.connectTimeout(connectTimeout)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
		this.requestTimeout = requestTimeout;
	}

	public SendResult send(String address, String messageJson) {
		HttpRequest request;
		try {
			request = HttpRequest.newBuilder(URI.create(address))
					.timeout(requestTimeout)
					.header("Content-Type", "application/fhir+json; charset=utf-8")
					.header("Accept", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString(messageJson))
					.build();
		} catch (IllegalArgumentException e) {
			return new SendResult(SendResult.Kind.REJECTED, null, null, "The endpoint address is not a valid URL: " + address);
		}
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			int status = response.statusCode();
			String body = truncate(response.body());
			if (status >= 200 && status < 300) {
				return new SendResult(SendResult.Kind.DELIVERED, status, body, null);
			}
			if (status >= 400 && status < 500 && status != 408 && status != 429) {
				return new SendResult(SendResult.Kind.REJECTED, status, body, "The receiver answered HTTP " + status);
			}
			return new SendResult(SendResult.Kind.RETRY, status, body, "The receiver answered HTTP " + status);
		} catch (HttpTimeoutException e) {
			return new SendResult(SendResult.Kind.RETRY, null, null, "No answer within " + requestTimeout.toSeconds() + " s");
		} catch (IOException e) {
			return new SendResult(SendResult.Kind.RETRY, null, null, "Could not reach " + address + ": " + describe(e));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new SendResult(SendResult.Kind.RETRY, null, null, "Interrupted while sending (shutting down)");
		}
	}

	private static String describe(IOException e) {
		String message = e.getMessage();
		Throwable cause = e.getCause();
		if ((message == null || message.isBlank()) && cause != null) {
			message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
		}
		return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
	}

	private static String truncate(String body) {
		return body == null || body.length() <= MAX_KEPT_RESPONSE ? body : body.substring(0, MAX_KEPT_RESPONSE);
	}

	/** What one try came to; {@code status} and {@code body} are the receiver's when it answered. */
	public record SendResult(Kind kind, Integer status, String body, String problem) {
		public enum Kind { DELIVERED, REJECTED, RETRY }
	}
}
