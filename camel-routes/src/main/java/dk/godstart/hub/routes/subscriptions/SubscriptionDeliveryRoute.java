package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.events.WakeUps;
import org.apache.camel.builder.RouteBuilder;

/**
 * Moves subscription events to their subscribers: claim the due events (the oldest of each subscription) and deliver
 * them side by side on a bounded pool; different subscribers never wait for each other. Polls, and is woken at once
 * when this node commits a subscription event ({@link WakeUps}).
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
				.to("direct:hub-subscriptions");
		from(WakeUps.SUBSCRIPTION_EVENTS)
				.routeId("subscription-delivery-wake-up")
				.autoStartup(properties.enabled())
				.filter(WakeUps.whileStarted("subscription-delivery"))
				.to("direct:hub-subscriptions");
		from("direct:hub-subscriptions")
				.routeId("subscription-delivery-work")
				.bean(notifier, "claim")
				.split(body())
					.parallelProcessing()
					.executorService(getContext().getExecutorServiceManager()
							.newFixedThreadPool(this, "hub-subscription", properties.concurrency()))
					.bean(notifier, "deliver")
				.end();
	}
}
