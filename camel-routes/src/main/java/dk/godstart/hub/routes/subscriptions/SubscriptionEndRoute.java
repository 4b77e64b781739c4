package dk.godstart.hub.routes.subscriptions;

import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;

/**
 * Turns subscriptions off when their {@code Subscription.end} has come. Writes after the end are not matched anyway;
 * this makes the subscription say so ({@code status = off}). Any node may do it; a second one finds it off already.
 */
public class SubscriptionEndRoute extends RouteBuilder {

	private final SubscriptionNotifier notifier;
	private final Duration interval;
	private final boolean enabled;

	public SubscriptionEndRoute(SubscriptionNotifier notifier, Duration interval, boolean enabled) {
		this.notifier = notifier;
		this.interval = interval;
		this.enabled = enabled;
	}

	@Override
	public void configure() {
		from("timer:hub-subscription-ends?delay=2000&period=" + interval.toMillis())
				.routeId("subscription-ends")
				.autoStartup(enabled)
				.bean(notifier, "turnOffEnded");
	}
}
