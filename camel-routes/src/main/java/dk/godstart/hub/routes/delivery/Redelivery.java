package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.queue.WorkState;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.routes.routing.RoutingDecision;
import dk.godstart.hub.routes.routing.RoutingPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-drives a parked notification: the routing decision is made again as things are now (an agreement may have been
 * signed, an endpoint registered, a receiver fixed), and the notification is queued with its original message id, or
 * stays parked with the reason as it is now.
 */
public class Redelivery {

	private final DeliveryRepository deliveries;
	private final NotificationStore notifications;
	private final NotificationFactory notificationFactory;
	private final HubDirectory directory;
	private final RoutingPolicy policy;
	private final TransactionTemplate transaction;
	private final DeliveryProperties properties;
	private final Clock clock;

	public Redelivery(DeliveryRepository deliveries, NotificationStore notifications, NotificationFactory notificationFactory,
			HubDirectory directory, RoutingPolicy policy, TransactionTemplate transaction, DeliveryProperties properties,
			Clock clock) {
		this.deliveries = deliveries;
		this.notifications = notifications;
		this.notificationFactory = notificationFactory;
		this.directory = directory;
		this.policy = policy;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock;
	}

	/** What a re-drive came to, per parked delivery of the notification; empty when nothing was parked. */
	public List<Outcome> redeliver(String communicationId) {
		List<Outcome> outcomes = new ArrayList<>();
		for (Delivery delivery : deliveries.forCommunication(communicationId)) {
			if (delivery.state() != WorkState.PARKED) {
				continue;
			}
			Organization sender = organization(delivery.sender());
			Organization recipient = organization(delivery.recipient());
			Communication parked = notifications.read(communicationId);
			org.hl7.fhir.r4.model.Patient subject = directory.read(new IdType(parked.getSubject().getReference()),
					org.hl7.fhir.r4.model.Patient.class)
					.orElseThrow(() -> new IllegalStateException(parked.getSubject().getReference() + " is no longer stored"));
			List<org.hl7.fhir.r4.model.Resource> about = new ArrayList<>();
			parked.getAbout().forEach(reference -> directory.read(new IdType(reference.getReference()),
					org.hl7.fhir.r4.model.Resource.class).ifPresent(about::add));
			RoutingDecision decision = policy.decide(delivery.event(), sender, recipient, delivery.use(), subject, about);
			transaction.executeWithoutResult(status -> {
				Communication notification = notifications.read(communicationId);
				notificationFactory.applyDecision(notification, decision);
				notification.getNote().clear();
				if (decision.deliverable()) {
					deliveries.requeue(delivery.id(), decision.endpoint().getAddress(),
							AcknowledgementMode.of(decision.endpoint()), clock.instant().plus(properties.retry().giveUpAfter()));
				} else {
					deliveries.repark(delivery.id(), decision.parkReason(), decision.explanation());
				}
				notifications.update(notification);
			});
			outcomes.add(new Outcome(delivery.recipient(), decision.deliverable(),
					decision.deliverable()
							? "Queued for delivery to " + decision.endpoint().getAddress() + " under Contract/"
									+ decision.agreement().getIdElement().getIdPart()
							: "Still parked (" + decision.parkReason().code() + "): " + decision.explanation()));
		}
		return outcomes;
	}

	private Organization organization(String reference) {
		return directory.read(new IdType(reference), Organization.class)
				.orElseThrow(() -> new IllegalStateException(reference + " is no longer stored"));
	}

	public record Outcome(String recipient, boolean queued, String message) {}
}
