package dk.godstart.hub.routes.subscriptions;

import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;

/**
 * Sends the backport's heartbeats: a topic-based rest-hook subscriber that asked for one every N seconds
 * ({@code backport-heartbeat-period}) and got nothing for that long is sent a {@code heartbeat} status bundle.
 */
public class SubscriptionHeartbeatRoute extends RouteBuilder {

	private final SubscriptionNotifier notifier;
	private final Duration interval;
	private final boolean enabled;

	public SubscriptionHeartbeatRoute(SubscriptionNotifier notifier, Duration interval, boolean enabled) {
		this.notifier = notifier;
		this.interval = interval;
		this.enabled = enabled;
	}

	@Override
	public void configure() {
		from("timer:hub-subscription-heartbeats?delay=2000&period=" + interval.toMillis())
				.routeId("subscription-heartbeats")
				.autoStartup(enabled)
				.bean(notifier, "sendHeartbeats");
	}
}
