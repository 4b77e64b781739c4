package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.delivery.HttpSender;
import dk.godstart.hub.routes.delivery.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends rest-hook notifications and says what the answer means. 2xx: delivered. 401, 403, 404, 408, 429 and 5xx,
 * time-outs and refused connections: retried, because they say the subscriber is down or its settings (headers,
 * address) need fixing, not that this event is wrong, and the subscriber must still get every event once it is
 * fixed. Any other 4xx: the subscriber refuses this one event; it is parked so the events behind it go on.
 */
public class RestHookSender {

	/** A subscriber's endpoint that says "not allowed" or "not here" may be being set up: tried again. */
	private static final Set<Integer> RETRY_STATUSES = Set.of(401, 403, 404);
	private static final int MAX_KEPT_RESPONSE = 4_096;

	private final HttpSender http;

	public RestHookSender(Duration connectTimeout, Duration requestTimeout) {
		this.http = new HttpSender(connectTimeout, requestTimeout, RETRY_STATUSES, MAX_KEPT_RESPONSE, "subscriber");
	}

	public SendResult send(Notification notification) {
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		for (String header : notification.headers()) {
			int colon = header.indexOf(':');
			if (colon <= 0) {
				return SendResult.rejected("The subscription's headers are not valid: a header must read 'Name: value', not '"
						+ header + "'");
			}
			headers.add(Map.entry(header.substring(0, colon).trim(), header.substring(colon + 1).trim()));
		}
		return http.send(notification.method(), notification.url(), headers, notification.contentType(),
				notification.body());
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
}
