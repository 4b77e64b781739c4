package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.events.WakeUps;
import dk.godstart.hub.routes.queue.QueueRoutes;

/**
 * Queued notifications → their receivers: claim the due deliveries (the oldest of each endpoint) and deliver them
 * side by side; each receiver's next messages follow in order on the same thread while they get through.
 */
public class NotificationDeliveryRoute extends QueueRoutes {

	private final NotificationDeliverer deliverer;

	public NotificationDeliveryRoute(NotificationDeliverer deliverer) {
		this.deliverer = deliverer;
	}

	@Override
	public void configure() {
		keepPollingOnFailure();
		pollAndWakeUp("notification-delivery", WakeUps.DELIVERIES, "direct:notification-delivery");
		from("direct:notification-delivery")
				.routeId("notification-delivery-work")
				.bean(deliverer, "claim")
				.split(body()).parallelProcessing().executorService(workers("hub-delivery"))
					// one receiver's queue, oldest first: deliver, then its next while they get through
					.loopDoWhile(body().isNotNull())
						.bean(deliverer, "deliver")
					.end()
				.end();
	}
}
