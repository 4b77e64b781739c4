package dk.godstart.hub.routes.delivery;

import org.apache.camel.builder.RouteBuilder;

/** Marks the notifications of delivered messages completed, shortly after delivery, in batches. */
public class NotificationStatusRoute extends RouteBuilder {

	private final NotificationStatusSync sync;
	private final DeliveryProperties properties;

	public NotificationStatusRoute(NotificationStatusSync sync, DeliveryProperties properties) {
		this.sync = sync;
		this.properties = properties;
	}

	@Override
	public void configure() {
		from("timer:hub-notification-status?delay=1000&period=" + properties.pollInterval().toMillis())
				.routeId("notification-status")
				.autoStartup(properties.enabled())
				.bean(sync, "sync");
	}
}
