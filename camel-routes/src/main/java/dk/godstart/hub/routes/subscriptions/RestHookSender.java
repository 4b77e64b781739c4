package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.delivery.MessageSender.SendResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;

/**
 * Sends rest-hook notifications and says what the answer means. 2xx: delivered. 401, 403, 404, 408, 429 and 5xx,
 * time-outs and refused connections: retried, because they say the subscriber is down or its settings (headers,
 * address) need fixing, not that this event is wrong, and the subscriber must still get every event once it is
 * fixed. Any other 4xx: the subscriber refuses this one event; it is parked so the events behind it go on.
 */
public class RestHookSender {

	private static final Set<Integer> RETRY_STATUSES = Set.of(401, 403, 404, 408, 429);
	private static final int MAX_KEPT_RESPONSE = 4_096;

	private final HttpClient client;
	private final Duration requestTimeout;

	public RestHookSender(Duration connectTimeout, Duration requestTimeout) {
		this.client = HttpClient.newBuilder()
				.connectTimeout(connectTimeout)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
		this.requestTimeout = requestTimeout;
	}

	public SendResult send(Notification notification) {
		HttpRequest request;
		try {
			request = request(notification);
		} catch (IllegalArgumentException e) {
			return new SendResult(SendResult.Kind.REJECTED, null, null, "The subscription's endpoint or headers are not valid: "
					+ e.getMessage());
		}
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			int status = response.statusCode();
			String body = response.body() == null || response.body().length() <= MAX_KEPT_RESPONSE ? response.body()
					: response.body().substring(0, MAX_KEPT_RESPONSE);
			if (status >= 200 && status < 300) {
				return new SendResult(SendResult.Kind.DELIVERED, status, body, null);
			}
			String problem = "The subscriber answered HTTP " + status + " to " + notification.method() + " "
					+ notification.url();
			if (status >= 400 && status < 500 && !RETRY_STATUSES.contains(status)) {
				return new SendResult(SendResult.Kind.REJECTED, status, body, problem);
			}
			return new SendResult(SendResult.Kind.RETRY, status, body, problem);
		} catch (HttpTimeoutException e) {
			return new SendResult(SendResult.Kind.RETRY, null, null, "No answer from " + notification.url() + " within "
					+ requestTimeout.toSeconds() + " s");
		} catch (IOException e) {
			return new SendResult(SendResult.Kind.RETRY, null, null, "Could not reach " + notification.url() + ": "
					+ (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new SendResult(SendResult.Kind.RETRY, null, null, "Interrupted while sending (shutting down)");
		}
	}

	/**
	 * Checks a new subscription's endpoint with its probe ({@link SubscriptionNotifications#probe}). A notification
	 * probe must be accepted (2xx); {@code GET [base]/metadata} only shows the endpoint is there and lets the
	 * subscription's headers in: any answer but 401, 403 and 5xx will do.
	 */
	public SendResult check(Notification probe) {
		SendResult result = send(probe);
		if (!"GET".equals(probe.method()) || result.status() == null) {
			return result;
		}
		int status = result.status();
		boolean reachable = status < 500 && status != 401 && status != 403;
		return reachable ? new SendResult(SendResult.Kind.DELIVERED, status, result.body(), null) : result;
	}

	private HttpRequest request(Notification notification) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(notification.url())).timeout(requestTimeout);
		for (String header : notification.headers()) {
			int colon = header.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("a header must read 'Name: value', not '" + header + "'");
			}
			builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
		}
		if (notification.body() != null) {
			builder.header("Content-Type", notification.contentType() + "; charset=utf-8");
		}
		HttpRequest.BodyPublisher body = notification.body() == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(notification.body());
		return builder.method(notification.method(), body).build();
	}
}
