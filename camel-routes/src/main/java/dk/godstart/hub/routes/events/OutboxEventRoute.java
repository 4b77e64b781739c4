package dk.godstart.hub.routes.events;

import dk.godstart.hub.routes.delivery.DeliveryProperties;
import org.apache.camel.builder.RouteBuilder;

/** Moves committed outbox events into notifications: claim a batch, then route each event on its own. */
public class OutboxEventRoute extends RouteBuilder {

	private final EventRouter router;
	private final DeliveryProperties properties;

	public OutboxEventRoute(EventRouter router, DeliveryProperties properties) {
		this.router = router;
		this.properties = properties;
	}

	@Override
	public void configure() {
		from("timer:hub-outbox-events?delay=1000&period=" + properties.pollInterval().toMillis())
				.routeId("outbox-events")
				.autoStartup(properties.enabled())
				.bean(router, "claim")
				.split(body())
					.bean(router, "route")
				.end();
	}
}
