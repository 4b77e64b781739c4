package dk.godstart.hub.routes.events;

import dk.godstart.hub.routes.queue.QueuedWork;
import java.time.Instant;
import org.hl7.fhir.r4.model.IdType;

/** An announced event, as the routing route claims it from the outbox. */
public record HubEvent(long id, MessageEvent event, String focusType, String focusId, Long focusVersion,
		String subject, Instant createdAt, int attempts) implements QueuedWork {

	public IdType focus() {
		return new IdType(focusType, focusId);
	}
}
