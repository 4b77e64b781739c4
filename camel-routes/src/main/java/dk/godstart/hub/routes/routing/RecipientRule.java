package dk.godstart.hub.routes.routing;

import dk.godstart.hub.routes.events.MessageEvent;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/**
 * Who the workflow says must know of one family of events: the sender, the woman, what the event is about, and the
 * recipients it names. Whether each may be told is not the rule's question: the agreement and the legal basis decide
 * that for every recipient alike ({@link RoutingPolicy}).
 */
public interface RecipientRule {

	Set<MessageEvent> events();

	Recipients recipients(MessageEvent event, Resource focus);

	/** Whether partners an agreement names for the event (a registry, a civil-society partner) are candidates too. */
	default boolean namesPartners() {
		return true;
	}
}
