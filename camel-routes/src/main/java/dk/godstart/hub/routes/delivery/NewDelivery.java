package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.events.HubEvent;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.DestinationUse;
import dk.godstart.hub.routes.routing.RoutingDecision;
import dk.godstart.hub.routes.routing.RoutingPlan;
import java.time.Instant;
import java.util.UUID;

/**
 * A delivery to queue: one routing decision for one recipient of an event, with its notification. Queued pending
 * when the decision is deliverable, parked with its reason otherwise. {@code dueAt} is when the agreement wants it
 * delivered, or null.
 */
public record NewDelivery(Long eventId, UUID messageId, String communicationId, Instant announcedAt, MessageEvent event,
		String focus, String sender, String recipient, DestinationUse use, String endpointAddress,
		ParkReason parkReason, String explanation, Instant giveUpAt, Instant dueAt, AcknowledgementMode acknowledgement) {

	/** What routing {@code event} decided for one recipient, its notification stored as {@code communicationId}. */
	public static NewDelivery of(HubEvent event, RoutingPlan plan, RoutingDecision decision, String communicationId,
			Instant giveUpAt) {
		return new NewDelivery(event.id(), UUID.randomUUID(), communicationId, event.createdAt(), event.event(),
				event.focus().getValue(), "Organization/" + plan.sender().getIdElement().getIdPart(),
				"Organization/" + decision.recipient().getIdElement().getIdPart(), decision.use(),
				decision.endpoint() == null ? null : decision.endpoint().getAddress(),
				decision.parkReason(), decision.explanation(), giveUpAt,
				decision.deadline() == null ? null : event.createdAt().plus(decision.deadline()),
				AcknowledgementMode.of(decision.endpoint()));
	}
}
