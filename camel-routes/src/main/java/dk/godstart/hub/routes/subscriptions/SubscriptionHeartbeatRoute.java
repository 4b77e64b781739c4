package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.store.StoreOutagePolicy;
import org.apache.camel.builder.RouteBuilder;

/**
 * Sends the backport's heartbeats: a topic-based rest-hook subscriber that asked for one every N seconds
 * ({@code backport-heartbeat-period}) and got nothing for that long is sent a {@code heartbeat} status bundle. Any
 * node may look; marking one sent is its claim.
 */
public class SubscriptionHeartbeatRoute extends RouteBuilder {

	private final SubscriptionNotifier notifier;

	public SubscriptionHeartbeatRoute(SubscriptionNotifier notifier) {
		this.notifier = notifier;
	}

	@Override
	public void configure() {
		from("timer:subscription-heartbeats?delay=2000&period={{godstart.subscriptions.heartbeat-check-interval}}")
				.routeId("subscription-heartbeats")
				.routePolicyRef(StoreOutagePolicy.BEAN)
				.autoStartup("{{godstart.delivery.enabled}}")
				.bean(notifier, "sendHeartbeats");
	}
}
