package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.queue.QueuedWork;
import dk.godstart.hub.routes.queue.WorkState;
import dk.godstart.hub.routes.routing.DestinationUse;
import java.time.Instant;
import java.util.UUID;

/**
 * One notification on its way to one recipient, as the delivery route claims it: with what its receiver answers
 * ({@code acknowledgement}) and how often it was resent for want of an acknowledgement.
 */
public record Delivery(
		long id, UUID messageId, String communicationId, MessageEvent event, String focus, String sender,
		String recipient, DestinationUse use, String endpointAddress, WorkState state, String parkReason, int attempts,
		Instant announcedAt, Instant giveUpAt, AcknowledgementMode acknowledgement, int resends) implements QueuedWork {}
