package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.store.StoreOutagePolicy;
import org.apache.camel.builder.RouteBuilder;

/** Marks the notifications of delivered messages completed, shortly after delivery, in batches (any node). */
public class NotificationStatusRoute extends RouteBuilder {

	private final NotificationStatusSync sync;

	public NotificationStatusRoute(NotificationStatusSync sync) {
		this.sync = sync;
	}

	@Override
	public void configure() {
		from("timer:notification-status?delay=1000&period={{godstart.delivery.poll-interval}}")
				.routeId("notification-status")
				.routePolicyRef(StoreOutagePolicy.BEAN)
				.autoStartup("{{godstart.delivery.enabled}}")
				.bean(sync, "sync");
	}
}
