package dk.godstart.hub.routes.events;

import dk.godstart.hub.routes.delivery.DeliveryMetrics;
import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.delivery.DeliveryRepository;
import dk.godstart.hub.routes.delivery.NewDelivery;
import dk.godstart.hub.routes.delivery.NotificationFactory;
import dk.godstart.hub.routes.delivery.NotificationStore;
import dk.godstart.hub.routes.delivery.ParkReason;
import dk.godstart.hub.routes.queue.Lease;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.routes.routing.RoutingDecision;
import dk.godstart.hub.routes.routing.RoutingException;
import dk.godstart.hub.routes.routing.RoutingPlan;
import dk.godstart.hub.routes.routing.RoutingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an announced event into notifications: reads what the event is about, asks the routing policy who must know,
 * and in one transaction stores a HubNotification and a delivery row per recipient and marks the event routed.
 * If anything fails nothing of it is kept and the event is tried again later; after the configured number of
 * attempts it is marked failed, logged as an error and counted, for a person to look at.
 */
public class EventRouter {

	private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

	private final OutboxRepository outbox;
	private final DeliveryRepository deliveries;
	private final HubDirectory directory;
	private final RoutingPolicy policy;
	private final NotificationStore notifications;
	private final NotificationFactory notificationFactory;
	private final TransactionTemplate transaction;
	private final DeliveryProperties properties;
	private final DeliveryMetrics metrics;
	private final Lease lease;
	private final Clock clock;

	public EventRouter(OutboxRepository outbox, DeliveryRepository deliveries, HubDirectory directory, RoutingPolicy policy,
			NotificationStore notifications, NotificationFactory notificationFactory, TransactionTemplate transaction,
			DeliveryProperties properties, DeliveryMetrics metrics, String node, Clock clock) {
		this.outbox = outbox;
		this.deliveries = deliveries;
		this.directory = directory;
		this.policy = policy;
		this.notifications = notifications;
		this.notificationFactory = notificationFactory;
		this.transaction = transaction;
		this.properties = properties;
		this.metrics = metrics;
		this.lease = new Lease(node, properties.lease());
		this.clock = clock;
	}

	/** Due events: each woman's oldest pending one, and those about no one. */
	public List<HubEvent> claim() {
		return outbox.claim(lease, properties.batchSize());
	}

	/**
	 * Routes one claimed event and returns the next one about the same woman once this one is routed (her events go
	 * in order, on this thread), or null: it failed, it is about no one, she has no more due, or this is the
	 * {@code batch-size}-th in a row ({@code index} counts from 0, as Camel's loop does).
	 */
	public HubEvent route(@ExchangeProperty(Exchange.LOOP_INDEX) int index, @Body HubEvent event) {
		return outbox.queue().nextAfter(event, routeOne(event), lease, index + 1, properties.batchSize());
	}

	/** One event; true when it was routed. */
	boolean routeOne(HubEvent event) {
		try {
			List<RoutingDecision> parked = transaction.execute(status -> routeInTransaction(event));
			parked.forEach(decision -> {
				metrics.parked(decision.parkReason());
				// a disclosure without a legal basis is the rule working, not a fault to act on; the rest wait for a person
				if (decision.parkReason() == ParkReason.NO_LEGAL_BASIS) {
					log.info("Not sent {} about {} to {}: {}", event.event().code(), event.focus().getValue(),
							decision.recipient().getName(), decision.explanation());
				} else {
					log.warn("Parked {} about {} for {}: {}", event.event().code(), event.focus().getValue(),
							decision.recipient().getName(), decision.explanation());
				}
			});
			return true;
		} catch (RuntimeException e) {
			failed(event, e);
			return false;
		}
	}

	private List<RoutingDecision> routeInTransaction(HubEvent event) {
		IdType focusId = event.focusVersion() == null
				? event.focus()
				: new IdType(event.focusType(), event.focusId(), String.valueOf(event.focusVersion()));
		Resource focus = directory.read(focusId, Resource.class)
				.orElseThrow(() -> new RoutingException("The resource the event is about is gone: " + focusId.getValue()));
		focus.setId(event.focus());
		RoutingPlan plan = policy.plan(event.event(), focus);
		Instant giveUpAt = clock.instant().plus(properties.retry().giveUpAfter());
		List<RoutingDecision> parked = new ArrayList<>();
		for (RoutingDecision decision : plan.decisions()) {
			Communication notification = notificationFactory.notification(event.event(), plan, decision);
			String notificationId = notifications.create(notification);
			deliveries.enqueue(NewDelivery.of(event, plan, decision, notificationId, giveUpAt));
			if (!decision.deliverable()) {
				parked.add(decision);
			}
		}
		if (!outbox.markRouted(event.id(), lease)) {
			throw new IllegalStateException("Lost the lease on outbox event " + event.id() + " while routing it");
		}
		return parked;
	}

	private void failed(HubEvent event, RuntimeException e) {
		String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
		if (event.attempts() >= properties.retry().routingAttempts()) {
			outbox.giveUp(event.id(), lease, problem);
			metrics.routingFailed();
			log.error("Gave up routing outbox event {} ({} about {}) after {} attempts: {}", event.id(),
					event.event().code(), event.focus().getValue(), event.attempts(), problem, e);
		} else {
			Instant next = clock.instant().plus(properties.retry().backoff(event.attempts()));
			outbox.retryAt(event.id(), lease, next, problem);
			log.warn("Routing outbox event {} ({} about {}) failed, attempt {}; next try at {}: {}", event.id(),
					event.event().code(), event.focus().getValue(), event.attempts(), next, problem);
		}
	}
}
