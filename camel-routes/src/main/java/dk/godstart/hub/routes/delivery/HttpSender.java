package dk.godstart.hub.routes.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one way the hub hands something to a receiver over HTTP, and what the answer means: 2xx taken; a 4xx refused
 * for good, except the statuses this sender was told mean "later" (408 and 429 always); 5xx, time-outs and refused
 * connections worth another try. Redirects are not followed (a receiver's address is what its agreement names), and
 * only the headers given are sent. The notification deliveries ({@link MessageSender}) and the subscription
 * notifications ({@code subscriptions/RestHookSender}) are its two callers.
 */
public final class HttpSender {

	private static final Set<Integer> ALWAYS_LATER = Set.of(408, 429);

	private final HttpClient client;
	private final Duration requestTimeout;
	private final Set<Integer> later;
	private final int maxKeptResponse;
	private final String receiver;

	/**
	 * {@code receiver} names the other side in problems ("receiver", "subscriber"); {@code alsoLater} are the 4xx
	 * statuses that mean "try again" for this kind of receiver; answers are kept up to {@code maxKeptResponse}
	 * characters.
	 */
	public HttpSender(Duration connectTimeout, Duration requestTimeout, Set<Integer> alsoLater, int maxKeptResponse,
			String receiver) {
		this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
				.build();
		this.requestTimeout = requestTimeout;
		this.later = alsoLater;
		this.maxKeptResponse = maxKeptResponse;
		this.receiver = receiver;
	}

	/** Sends {@code body} (null for none) of {@code contentType} with exactly {@code headers}. */
	public SendResult send(String method, String url, List<Map.Entry<String, String>> headers, String contentType,
			String body) {
		HttpRequest request;
		try {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout);
			headers.forEach(header -> builder.header(header.getKey(), header.getValue()));
			if (body != null) {
				builder.header("Content-Type", contentType + "; charset=utf-8");
			}
			request = builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body)).build();
		} catch (IllegalArgumentException e) {
			return SendResult.rejected("The " + receiver + "'s address or headers are not valid: " + e.getMessage());
		}
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			int status = response.statusCode();
			String answer = response.body() == null || response.body().length() <= maxKeptResponse ? response.body()
					: response.body().substring(0, maxKeptResponse);
			if (status >= 200 && status < 300) {
				return SendResult.delivered(status, answer);
			}
			String problem = "The " + receiver + " answered HTTP " + status + " to " + method + " " + url;
			boolean refused = status >= 400 && status < 500 && !ALWAYS_LATER.contains(status) && !later.contains(status);
			return new SendResult(refused ? SendResult.Kind.REJECTED : SendResult.Kind.RETRY, status, answer, problem);
		} catch (HttpTimeoutException e) {
			return SendResult.retry("No answer from " + url + " within " + requestTimeout.toSeconds() + " s");
		} catch (IOException e) {
			return SendResult.retry("Could not reach " + url + ": " + describe(e));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return SendResult.retry("Interrupted while sending (shutting down)");
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
}
