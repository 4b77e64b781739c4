package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.store.StoreOutagePolicy;
import org.apache.camel.builder.RouteBuilder;

/**
 * Turns subscriptions off when their {@code Subscription.end} has come. Writes after the end are not matched anyway;
 * this makes the subscription say so ({@code status = off}). Any node may do it; a second one finds it off already.
 */
public class SubscriptionEndRoute extends RouteBuilder {

	private final SubscriptionNotifier notifier;

	public SubscriptionEndRoute(SubscriptionNotifier notifier) {
		this.notifier = notifier;
	}

	@Override
	public void configure() {
		from("timer:subscription-ends?delay=2000&period={{godstart.subscriptions.end-check-interval}}")
				.routeId("subscription-ends")
				.routePolicyRef(StoreOutagePolicy.BEAN)
				.autoStartup("{{godstart.delivery.enabled}}")
				.bean(notifier, "turnOffEnded");
	}
}
