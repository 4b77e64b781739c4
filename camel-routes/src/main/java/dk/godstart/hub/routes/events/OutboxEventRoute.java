package dk.godstart.hub.routes.events;

import dk.godstart.hub.routes.delivery.DeliveryProperties;
import org.apache.camel.builder.RouteBuilder;

/**
 * Moves committed outbox events into notifications: claim a batch (each woman's oldest pending event), then route
 * them side by side on a bounded pool; each woman's later events follow hers in order on the same thread. Polls, and
 * is woken at once when this node commits an event ({@link WakeUps}).
 */
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
				.to("direct:hub-outbox-events");
		from(WakeUps.OUTBOX_EVENTS)
				.routeId("outbox-events-wake-up")
				.autoStartup(properties.enabled())
				.filter(WakeUps.whileStarted("outbox-events"))
				.to("direct:hub-outbox-events");
		from("direct:hub-outbox-events")
				.routeId("outbox-events-work")
				.bean(router, "claim")
				.split(body())
					.parallelProcessing()
					.executorService(getContext().getExecutorServiceManager()
							.newFixedThreadPool(this, "hub-routing", properties.concurrency()))
					.bean(router, "route")
					// the notifications just committed can leave now
					.to(WakeUps.DELIVERIES)
				.end();
	}
}
