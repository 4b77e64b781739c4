package dk.godstart.hub.routes.events;

import dk.godstart.hub.routes.queue.QueueRoutes;

/**
 * Outbox events → notifications: claim a batch (each woman's oldest pending event), route them side by side; a
 * woman's later events follow hers in order on the same thread; the notifications just committed wake the delivery
 * route.
 */
public class OutboxEventRoute extends QueueRoutes {

	private final EventRouter router;

	public OutboxEventRoute(EventRouter router) {
		this.router = router;
	}

	@Override
	public void configure() {
		keepPollingOnFailure();
		pollAndWakeUp("outbox-events", WakeUps.OUTBOX_EVENTS, "direct:outbox-events");
		from("direct:outbox-events")
				.routeId("outbox-events-work")
				.bean(router, "claim")
				.split(body()).parallelProcessing().executorService(workers("hub-routing"))
					// her events in the order written: route one, then her next while they route
					.loopDoWhile(body().isNotNull())
						.bean(router, "route")
					.end()
					.to(WakeUps.DELIVERIES)
				.end();
	}
}
