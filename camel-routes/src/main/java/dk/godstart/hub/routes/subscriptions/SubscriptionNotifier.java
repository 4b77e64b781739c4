package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.delivery.SendResult;
import dk.godstart.hub.routes.queue.Lease;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers claimed subscription events, in order per subscription: sends one, records the outcome, and while they get
 * through goes on with the subscription's next. A subscriber that does not answer is retried with the delivery
 * backoff ({@code godstart.delivery.retry}) until the retry window closes; its subscription says so in
 * {@code Subscription.error} meanwhile, and only when the window closes does its status become {@code error}. Nothing
 * queued is dropped: a subscriber that comes back within the window gets every event, oldest first, and one that
 * comes back later gets them all once it sets its subscription to {@code requested} again. Only an event the
 * subscriber itself refuses (a 4xx that is about the event) is set aside, so the ones behind it go on.
 */
public class SubscriptionNotifier {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionNotifier.class);

	private final SubscriptionQueue queue;
	private final SubscriptionStore store;
	private final SubscriptionNotifications notifications;
	private final RestHookSender sender;
	private final SubscriptionSockets sockets;
	private final DeliveryProperties properties;
	private final Lease lease;
	private final Clock clock;
	private final Counter delivered;
	private final Counter retried;
	private final Counter parked;
	private final Timer latency;

	public SubscriptionNotifier(SubscriptionQueue queue, SubscriptionStore store, SubscriptionNotifications notifications,
			RestHookSender sender, SubscriptionSockets sockets, DeliveryProperties properties, String node, Clock clock,
			MeterRegistry registry) {
		this.queue = queue;
		this.store = store;
		this.notifications = notifications;
		this.sender = sender;
		this.sockets = sockets;
		this.properties = properties;
		this.lease = new Lease(node, properties.lease());
		this.clock = clock;
		delivered = Counter.builder("godstart.subscription.delivered").description("Subscription notifications a subscriber took").register(registry);
		retried = Counter.builder("godstart.subscription.retried").description("Failed subscription notifications that will be retried").register(registry);
		parked = Counter.builder("godstart.subscription.parked").description("Subscription events given up on").register(registry);
		latency = Timer.builder("godstart.subscription.latency").description("From the matching write to the subscriber's acceptance")
				.publishPercentiles(0.5, 0.95, 0.99).register(registry);
		Gauge.builder("godstart.subscription.pending", queue, SubscriptionQueue::pending)
				.description("Subscription events queued or being retried").register(registry);
	}

	/** Due events: rest-hooks, and websocket events of subscriptions bound on this node. */
	public List<SubscriptionEvent> claim() {
		List<SubscriptionEvent> claimed = new ArrayList<>(queue.claimRestHooks(lease, properties.batchSize()));
		claimed.addAll(queue.claimWebsockets(lease, properties.batchSize(), sockets.bound()));
		return claimed;
	}

	/** Sends the heartbeats that are due (see {@link SubscriptionQueue#claimHeartbeats}). */
	public void sendHeartbeats() {
		for (SubscriptionQueue.DueHeartbeat due : queue.claimHeartbeats()) {
			Optional<Subscription> subscription = store.read(due.subscriptionId());
			if (subscription.isEmpty() || !SubscriptionNotifications.isTopicBased(subscription.get())) {
				continue;
			}
			SendResult result = sender.send(notifications.heartbeat(subscription.get(), due.eventsSinceStart()));
			if (result.kind() != SendResult.Kind.DELIVERED) {
				log.info("Heartbeat to subscription {} not taken: {}", due.subscriptionId(), result.problem());
			}
		}
	}

	/** Turns off the subscriptions whose end has come (matching them stopped at their end already). */
	public void turnOffEnded() {
		for (String id : queue.ended()) {
			try {
				store.ended(id);
				log.info("Subscription {} reached its end and is now off", id);
			} catch (RuntimeException e) {
				log.warn("Subscription {} reached its end but could not be turned off yet: {}", id, e.getMessage());
			}
		}
	}

	/**
	 * Delivers one claimed event and returns the subscription's next one once this one got through, or null: it did
	 * not, nothing more is due, or this is the {@code batch-size}-th in a row ({@code index} counts from 0, as Camel's
	 * loop does).
	 */
	public SubscriptionEvent deliver(@ExchangeProperty(Exchange.LOOP_INDEX) int index, @Body SubscriptionEvent event) {
		return queue.queue().nextAfter(event, deliverOne(event), lease, index + 1, properties.batchSize());
	}

	/** One try; true when the subscriber took it. */
	boolean deliverOne(SubscriptionEvent event) {
		try {
			Optional<Subscription> subscription = store.read(event.subscriptionId());
			if (subscription.isEmpty()) {
				queue.park(event.id(), lease, null, "The subscription was deleted");
				return false;
			}
			Optional<IBaseResource> focus = store.focus(event);
			SendResult result = SubscriptionEvent.WEBSOCKET.equals(event.channelType())
					? toSockets(subscription.get(), event, focus)
					: sender.send(notifications.restHook(subscription.get(), event, focus));
			switch (result.kind()) {
				case DELIVERED -> {
					if (queue.markDelivered(event.id(), lease, event.subscriptionId(), result.status())) {
						store.notified(subscription.get(), event, focus);
						delivered.increment();
						latency.record(Duration.between(event.createdAt(), clock.instant()));
					}
					if (queue.stopFailing(event.subscriptionId())) {
						store.recovered(event.subscriptionId());
						log.info("Subscription {} gets its notifications again", event.subscriptionId());
					}
					return true;
				}
				case REJECTED -> {
					String error = "Event " + event.eventNumber() + " (" + event.interaction() + " of " + event.focus()
							+ ") was refused and will not be sent again: " + result.problem();
					if (queue.park(event.id(), lease, result.status(), error)) {
						parked.increment();
						store.failing(event.subscriptionId(), error);
						log.warn("Subscription {}: {}", event.subscriptionId(), error);
					}
				}
				case RETRY -> retry(event, result);
			}
		} catch (RuntimeException e) {
			// The lease runs out and the event is tried again; nothing is lost.
			log.error("Subscription event {} of {} failed inside the hub; it is retried when its lease expires",
					event.id(), event.subscriptionId(), e);
		}
		return false;
	}

	private SendResult toSockets(Subscription subscription, SubscriptionEvent event, Optional<IBaseResource> focus) {
		boolean sent = sockets.send(event.subscriptionId(), notifications.websocket(subscription, event, focus));
		return sent ? new SendResult(SendResult.Kind.DELIVERED, null, null, null)
				: new SendResult(SendResult.Kind.RETRY, null, null, "No websocket is bound to the subscription");
	}

	private void retry(SubscriptionEvent event, SendResult result) {
		Instant next = clock.instant().plus(properties.retry().backoff(event.attempts()));
		if (next.isAfter(event.giveUpAt())) {
			// The event stays queued with everything behind it; the subscription stops being served until its
			// subscriber re-requests it, and then gets all of them in order.
			String error = "Notifications failed from " + event.createdAt() + " until the retry window closed: "
					+ result.problem() + ". Every event since is kept: fix the endpoint and set the status to requested.";
			if (queue.scheduleRetry(event.id(), lease, next, result.status(), result.problem())) {
				store.gaveUp(event.subscriptionId(), error);
				log.warn("Subscription {} set to error: {}", event.subscriptionId(), error);
			}
			return;
		}
		if (queue.scheduleRetry(event.id(), lease, next, result.status(), result.problem())) {
			retried.increment();
			if (queue.startFailing(event.subscriptionId())) {
				store.failing(event.subscriptionId(), "Notifications are failing since " + clock.instant() + ": "
						+ result.problem() + ". They are kept and retried until " + event.giveUpAt() + ".");
			}
			log.info("Subscription {} event {} not delivered (try {}): {}; next try at {}", event.subscriptionId(),
					event.eventNumber(), event.attempts(), result.problem(), next);
		}
	}
}
