package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.events.WakeUps;
import dk.godstart.hub.routes.queue.QueueRoutes;

/**
 * Subscription events → subscribers: claim the due events (the oldest of each active subscription) and deliver them
 * side by side; different subscribers never wait for each other, one subscriber's events go in order.
 */
public class SubscriptionDeliveryRoute extends QueueRoutes {

	private final SubscriptionNotifier notifier;

	public SubscriptionDeliveryRoute(SubscriptionNotifier notifier) {
		this.notifier = notifier;
	}

	@Override
	public void configure() {
		keepPollingOnFailure();
		pollAndWakeUp("subscription-delivery", WakeUps.SUBSCRIPTION_EVENTS, "direct:subscription-delivery");
		from("direct:subscription-delivery")
				.routeId("subscription-delivery-work")
				.bean(notifier, "claim")
				.split(body()).parallelProcessing().executorService(workers("hub-subscription"))
					.loopDoWhile(body().isNotNull())
						.bean(notifier, "deliver")
					.end()
				.end();
	}
}
