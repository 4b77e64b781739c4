package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.events.WakeUps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Communication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The acknowledgements that come after the HTTP answer, and the ones that do not come (MedCom reliable messaging;
 * what each means is {@link AcknowledgementRule}'s):
 * <ul>
 * <li>{@link #receive}: a receiver's acknowledgement message posted to the hub's {@code $process-message} settles the
 * delivery of the message it names, in one transaction with the notification's status;</li>
 * <li>{@link #checkOverdue}: messages whose acknowledgement is overdue are sent again as their receiver's next (a new
 * envelope, the same MessageHeader id), or, after the resends allowed, parked {@code no-acknowledgement}. Any node;
 * rows are locked with {@code SKIP LOCKED}, so nodes share them.</li>
 * </ul>
 * Who may acknowledge a message (its receiver) is the caller's to check before {@link #receive}.
 */
public class ReceiverAcknowledgements {

	private static final Logger log = LoggerFactory.getLogger(ReceiverAcknowledgements.class);

	/** What an acknowledgement came to, in words for the receiver's answer. */
	public record Received(boolean changed, String outcome) {}

	private final DeliveryRepository deliveries;
	private final NotificationStore notifications;
	private final NotificationFactory notificationFactory;
	private final TransactionTemplate transaction;
	private final DeliveryProperties properties;
	private final AcknowledgementRule rule;
	private final DeliveryMetrics metrics;
	private final WakeUps wakeUps;
	private final Clock clock;

	public ReceiverAcknowledgements(DeliveryRepository deliveries, NotificationStore notifications,
			NotificationFactory notificationFactory, TransactionTemplate transaction, DeliveryProperties properties,
			DeliveryMetrics metrics, WakeUps wakeUps, Clock clock) {
		this.deliveries = deliveries;
		this.notifications = notifications;
		this.notificationFactory = notificationFactory;
		this.transaction = transaction;
		this.properties = properties;
		this.rule = new AcknowledgementRule(properties.retry(), properties.acknowledgement());
		this.metrics = metrics;
		this.wakeUps = wakeUps;
		this.clock = clock;
	}

	/** The recipient of the hub's message {@code messageId} (who alone may acknowledge it), if the hub sent one. */
	public Optional<String> recipientOf(String messageId) {
		return uuid(messageId).flatMap(deliveries::recipientOf);
	}

	/** Applies a receiver's later acknowledgement; call it only for the message's own recipient. */
	public Received receive(Acknowledgement acknowledgement) {
		metrics.acknowledgement(acknowledgement.code());
		Optional<UUID> messageId = uuid(acknowledgement.acknowledgedMessageId());
		Received received = transaction.execute(status -> {
			Optional<DeliveryRepository.Acknowledged> found = messageId.flatMap(deliveries::lockForAcknowledgement);
			if (found.isEmpty()) {
				return new Received(false, "the hub sent no message " + acknowledgement.acknowledgedMessageId());
			}
			DeliveryRepository.Acknowledged delivery = found.get();
			AcknowledgementRule.Outcome outcome = rule.decide(delivery.standing(), acknowledgement, clock.instant());
			return apply(delivery, outcome, acknowledgement);
		});
		if (received.changed() && acknowledgement.code() == Acknowledgement.Code.TRANSIENT_ERROR) {
			wakeUps.afterCommit(WakeUps.DELIVERIES);
		}
		log.info("Acknowledgement {} of message {}: {}", acknowledgement.code().code(),
				acknowledgement.acknowledgedMessageId(), received.outcome());
		return received;
	}

	/** One batch of overdue acknowledgements; returns how many deliveries it resent or parked. */
	public int checkOverdue() {
		Integer handled = transaction.execute(status -> {
			List<DeliveryRepository.Acknowledged> overdue = deliveries.lockOverdueAcknowledgements(properties.batchSize());
			for (DeliveryRepository.Acknowledged delivery : overdue) {
				apply(delivery, rule.overdue(delivery.standing()), null);
			}
			return overdue.size();
		});
		if (handled != null && handled > 0) {
			wakeUps.afterCommit(WakeUps.DELIVERIES);
		}
		return handled == null ? 0 : handled;
	}

	private Received apply(DeliveryRepository.Acknowledged delivery, AcknowledgementRule.Outcome outcome,
			Acknowledgement acknowledgement) {
		long id = delivery.id();
		var from = delivery.standing().state();
		if (outcome instanceof AcknowledgementRule.Acknowledged) {
			if (!deliveries.acknowledgedLater(id, from, acknowledgement)) {
				return new Received(false, "the message is being sent again right now; its acknowledgement then counts");
			}
			metrics.acknowledged(Duration.between(delivery.announcedAt(), clock.instant()));
			return new Received(true, "message " + delivery.messageId() + " is acknowledged; its notification "
					+ "Communication/" + delivery.communicationId() + " is completed");
		}
		if (outcome instanceof AcknowledgementRule.RetryAt retry) {
			if (!deliveries.retryLater(id, from, retry.when(), retry.problem(), acknowledgement)) {
				return new Received(false, "the message is being sent again right now");
			}
			metrics.retried();
			return new Received(true, "message " + delivery.messageId() + " is sent again at " + retry.when());
		}
		if (outcome instanceof AcknowledgementRule.Park park) {
			if (!deliveries.parkLater(id, from, park.reason(), park.explanation(), acknowledgement)) {
				return new Received(false, "the message is being sent again right now");
			}
			Communication notification = notifications.read(delivery.communicationId());
			notificationFactory.parked(notification, park.reason(), park.explanation());
			notifications.update(notification);
			metrics.parked(park.reason());
			log.warn("Parked message {} to {} as {}: {}", delivery.messageId(), delivery.recipient(),
					park.reason().code(), park.explanation());
			return new Received(true, "message " + delivery.messageId() + " is parked " + park.reason().code()
					+ " for a person to act on");
		}
		if (outcome instanceof AcknowledgementRule.Resend resend) {
			Instant giveUpAt = clock.instant().plus(properties.retry().giveUpAfter());
			if (!deliveries.resend(id, resend.resend(), giveUpAt)) {
				return new Received(false, "not resent: the delivery changed meanwhile");
			}
			metrics.resent();
			log.info("No acknowledgement of message {} to {} in time: resending it (resend {})", delivery.messageId(),
					delivery.recipient(), resend.resend());
			return new Received(true, "resent");
		}
		return new Received(false, "nothing changed: " + ((AcknowledgementRule.Unchanged) outcome).why());
	}

	private static Optional<UUID> uuid(String messageId) {
		try {
			return Optional.of(UUID.fromString(messageId));
		} catch (IllegalArgumentException | NullPointerException notOurs) {
			return Optional.empty();
		}
	}
}
