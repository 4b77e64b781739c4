package dk.godstart.hub.routes.delivery;

import ca.uhn.fhir.context.FhirContext;
import dk.godstart.hub.routes.queue.Lease;
import dk.godstart.hub.routes.queue.WorkState;
import dk.godstart.hub.routes.routing.RoutingPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers one claimed notification: builds its message, POSTs it, and records the outcome on the delivery row and
 * on the notification in one transaction. Delivered (and, where the receiver acknowledges with a message, acknowledged
 * {@code ok}) → completed; its acknowledgement still to come → completed when it comes. Rejected by the receiver (a 4xx or
 * a {@code fatal-error} acknowledgement) → parked with the
 * receiver's answer. Otherwise retried with backoff until the retry window closes, then parked as undeliverable.
 * A node that dies mid-way leaves the row leased; when the lease runs out another node sends it again with the same
 * message id. Just before sending, a notification allowed on her consent is checked once more: if she has withdrawn
 * since it was queued, it is parked {@code no-legal-basis} instead and nothing is sent.
 */
public class NotificationDeliverer {

	private static final Logger log = LoggerFactory.getLogger(NotificationDeliverer.class);

	private final DeliveryRepository deliveries;
	private final RoutingPolicy policy;
	private final NotificationStore notifications;
	private final NotificationFactory notificationFactory;
	private final HubMessageFactory messageFactory;
	private final MessageSender sender;
	private final FhirContext fhirContext;
	private final TransactionTemplate transaction;
	private final DeliveryProperties properties;
	private final DeliveryMetrics metrics;
	private final AcknowledgementRule acknowledgements;
	private final Lease lease;
	private final Clock clock;

	public NotificationDeliverer(DeliveryRepository deliveries, RoutingPolicy policy, NotificationStore notifications,
			NotificationFactory notificationFactory, HubMessageFactory messageFactory, MessageSender sender,
			FhirContext fhirContext, TransactionTemplate transaction, DeliveryProperties properties,
			DeliveryMetrics metrics, String node, Clock clock) {
		this.deliveries = deliveries;
		this.policy = policy;
		this.notifications = notifications;
		this.notificationFactory = notificationFactory;
		this.messageFactory = messageFactory;
		this.sender = sender;
		this.fhirContext = fhirContext;
		this.transaction = transaction;
		this.properties = properties;
		this.metrics = metrics;
		this.acknowledgements = new AcknowledgementRule(properties.retry(), properties.acknowledgement());
		this.lease = new Lease(node, properties.lease());
		this.clock = clock;
	}

	/** Due deliveries: the oldest pending one of each receiver's endpoint. */
	public List<Delivery> claim() {
		return deliveries.claim(lease, properties.batchSize());
	}

	/**
	 * Delivers one claimed delivery and returns the next one queued for the same receiver once this one got through
	 * (a busy receiver is not held to one message per poll), or null: it did not, nothing more is due, or this is the
	 * {@code batch-size}-th in a row ({@code index} counts from 0, as Camel's loop does).
	 */
	public Delivery deliver(@ExchangeProperty(Exchange.LOOP_INDEX) int index, @Body Delivery delivery) {
		return deliveries.queue().nextAfter(delivery, deliverOne(delivery), lease, index + 1, properties.batchSize());
	}

	/** One try; true when the receiver accepted it. */
	boolean deliverOne(Delivery delivery) {
		try {
			Communication notification = notifications.read(delivery.communicationId());
			// the event's time is before its routing: a consent changed since then is read again
			Optional<String> withdrawn = policy.consentWithdrawnSince(delivery.event(), notification, delivery.announcedAt());
			if (withdrawn.isPresent()) {
				parked(delivery, ParkReason.NO_LEGAL_BASIS, withdrawn.get(), null, null);
				return false;
			}
			Bundle message = messageFactory.message(delivery, notification);
			String json = fhirContext.newJsonParser().encodeResourceToString(message);
			SendResult result = sender.send(delivery.endpointAddress(), json);
			switch (result.kind()) {
				case DELIVERED -> {
					return taken(delivery, result);
				}
				case REJECTED -> parked(delivery, ParkReason.REJECTED_BY_RECEIVER,
						result.problem() + receiverSays(result.body()), result, null);
				case RETRY -> retry(delivery, result.status(), result.problem(), null);
			}
		} catch (RuntimeException e) {
			// The lease runs out and the delivery is tried again; nothing is lost.
			log.error("Delivery {} of notification {} failed inside the hub; it is retried when its lease expires",
					delivery.id(), delivery.communicationId(), e);
		}
		return false;
	}

	/**
	 * The receiver took the message over HTTP. A receiver that answers HTTP only has it now; one that acknowledges
	 * with a message has it when its acknowledgement says so: in this answer ({@link AcknowledgementRule}), or later
	 * at the hub's {@code $process-message} ({@link ReceiverAcknowledgements}). True when the receiver's next message
	 * may follow at once.
	 */
	private boolean taken(Delivery delivery, SendResult result) {
		if (delivery.acknowledgement() == AcknowledgementMode.HTTP) {
			delivered(delivery, result);
			return true;
		}
		Optional<Acknowledgement> inAnswer = Acknowledgement.in(fhirContext, result.body());
		if (inAnswer.isEmpty() || !inAnswer.get().acknowledgedMessageId().equals(delivery.messageId().toString())) {
			inAnswer.ifPresent(other -> log.warn("The answer to message {} acknowledges another message ({}); waiting for "
					+ "its own acknowledgement", delivery.messageId(), other.acknowledgedMessageId()));
			awaiting(delivery, result);
			return true;
		}
		Acknowledgement acknowledgement = inAnswer.get();
		metrics.acknowledgement(acknowledgement.code());
		AcknowledgementRule.Outcome outcome = acknowledgements.decide(new AcknowledgementRule.Standing(WorkState.PENDING,
				null, null, delivery.attempts(), delivery.resends(), delivery.giveUpAt()), acknowledgement, clock.instant());
		if (outcome instanceof AcknowledgementRule.Acknowledged) {
			if (deliveries.markAcknowledged(delivery.id(), lease, result.status(), acknowledgement)) {
				Duration took = Duration.between(delivery.announcedAt(), clock.instant());
				metrics.delivered(took);
				metrics.acknowledged(took);
			}
			return true;
		} else if (outcome instanceof AcknowledgementRule.RetryAt retry) {
			retry(delivery, result.status(), retry.problem(), acknowledgement);
		} else if (outcome instanceof AcknowledgementRule.Park park) {
			parked(delivery, park.reason(), park.explanation(), result, acknowledgement);
		} else {
			awaiting(delivery, result); // nothing else is decided for a message being sent
		}
		return false;
	}

	private void delivered(Delivery delivery, SendResult result) {
		Instant now = clock.instant();
		// The notification is marked completed by NotificationStatusSync, so the next message need not wait for it.
		boolean recorded = deliveries.markDelivered(delivery.id(), lease, result.status(), result.body());
		if (recorded) {
			metrics.delivered(Duration.between(delivery.announcedAt(), now));
			log.debug("Delivered message {} ({}) to {}", delivery.messageId(), delivery.event().code(), delivery.recipient());
		} else {
			log.warn("Message {} was delivered after this node's lease on it ran out; the receiver may see it twice",
					delivery.messageId());
		}
	}

	private void awaiting(Delivery delivery, SendResult result) {
		Instant now = clock.instant();
		if (deliveries.markAwaitingAcknowledgement(delivery.id(), lease, result.status(), result.body(),
				acknowledgements.dueAt(now))) {
			metrics.delivered(Duration.between(delivery.announcedAt(), now));
			log.debug("Sent message {} ({}) to {}; its acknowledgement is due by {}", delivery.messageId(),
					delivery.event().code(), delivery.recipient(), acknowledgements.dueAt(now));
		}
	}

	private void retry(Delivery delivery, Integer httpStatus, String problem, Acknowledgement acknowledgement) {
		Optional<Instant> next = properties.retry().nextTry(delivery.attempts(), clock.instant(), delivery.giveUpAt());
		if (next.isEmpty()) {
			parked(delivery, ParkReason.UNDELIVERABLE, "Gave up after " + delivery.attempts() + " tries: " + problem,
					httpStatus == null ? null : new SendResult(SendResult.Kind.RETRY, httpStatus, null, problem),
					acknowledgement);
			return;
		}
		transaction.executeWithoutResult(status -> {
			if (deliveries.scheduleRetry(delivery.id(), lease, next.get(), httpStatus, problem, acknowledgement)
					&& delivery.attempts() == 1) {
				Communication notification = notifications.read(delivery.communicationId());
				notificationFactory.failing(notification, problem);
				notifications.update(notification);
			}
		});
		metrics.retried();
		log.info("Message {} to {} not delivered (try {}): {}; next try at {}", delivery.messageId(),
				delivery.endpointAddress(), delivery.attempts(), problem, next.get());
	}

	private void parked(Delivery delivery, ParkReason reason, String explanation, SendResult result,
			Acknowledgement acknowledgement) {
		boolean recorded = Boolean.TRUE.equals(transaction.execute(status -> {
			if (!deliveries.park(delivery.id(), lease, reason, explanation, result == null ? null : result.status(),
					result == null ? null : result.body(), acknowledgement)) {
				return false;
			}
			Communication notification = notifications.read(delivery.communicationId());
			notificationFactory.parked(notification, reason, explanation);
			notifications.update(notification);
			return true;
		}));
		if (recorded) {
			metrics.parked(reason);
			log.warn("Parked message {} to {} as {}: {}", delivery.messageId(), delivery.recipient(), reason.code(), explanation);
		}
	}

	/** The receiver's OperationOutcome, in words, so the person looking at the parked notification sees why. */
	private String receiverSays(String body) {
		if (body == null || body.isBlank()) {
			return "";
		}
		try {
			OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, body);
			String issues = outcome.getIssue().stream()
					.map(issue -> issue.getSeverity() + ": " + (issue.hasDiagnostics() ? issue.getDiagnostics()
							: issue.getDetails().getText()))
					.collect(Collectors.joining("; "));
			return issues.isEmpty() ? "" : ": " + issues;
		} catch (RuntimeException notAnOutcome) {
			return "";
		}
	}
}
