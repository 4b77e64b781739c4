package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.delivery.DeliveryProperties;
import org.apache.camel.builder.RouteBuilder;

/**
 * Moves subscription events to their subscribers: claim the due events (the oldest of each subscription) and deliver
 * them side by side on a bounded pool; different subscribers never wait for each other.
 */
public class SubscriptionDeliveryRoute extends RouteBuilder {

	private final SubscriptionNotifier notifier;
	private final DeliveryProperties properties;

	public SubscriptionDeliveryRoute(SubscriptionNotifier notifier, DeliveryProperties properties) {
		this.notifier = notifier;
		this.properties = properties;
	}

	@Override
	public void configure() {
		from("timer:hub-subscriptions?delay=1000&period=" + properties.pollInterval().toMillis())
				.routeId("subscription-delivery")
				.autoStartup(properties.enabled())
				.bean(notifier, "claim")
				.split(body())
					.parallelProcessing()
					.executorService(getContext().getExecutorServiceManager()
							.newFixedThreadPool(this, "hub-subscription", properties.concurrency()))
					.bean(notifier, "deliver")
				.end();
	}
}
