package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.events.WakeUps;
import org.apache.camel.builder.RouteBuilder;

/**
 * Moves queued notifications to their receivers: claim the due deliveries (one per endpoint, oldest first) and
 * deliver them side by side on a bounded pool ({@code godstart.delivery.concurrency}). Polls, and is woken at once
 * when this node has routed an event ({@link WakeUps}).
 */
public class NotificationDeliveryRoute extends RouteBuilder {

	private final NotificationDeliverer deliverer;
	private final DeliveryProperties properties;

	public NotificationDeliveryRoute(NotificationDeliverer deliverer, DeliveryProperties properties) {
		this.deliverer = deliverer;
		this.properties = properties;
	}

	@Override
	public void configure() {
		from("timer:hub-deliveries?delay=1000&period=" + properties.pollInterval().toMillis())
				.routeId("notification-delivery")
				.autoStartup(properties.enabled())
				.to("direct:hub-deliveries");
		from(WakeUps.DELIVERIES)
				.routeId("notification-delivery-wake-up")
				.autoStartup(properties.enabled())
				.filter(WakeUps.whileStarted("notification-delivery"))
				.to("direct:hub-deliveries");
		from("direct:hub-deliveries")
				.routeId("notification-delivery-work")
				.bean(deliverer, "claim")
				.split(body())
					.parallelProcessing()
					.executorService(getContext().getExecutorServiceManager()
							.newFixedThreadPool(this, "hub-delivery", properties.concurrency()))
					.bean(deliverer, "deliver")
				.end();
	}
}
