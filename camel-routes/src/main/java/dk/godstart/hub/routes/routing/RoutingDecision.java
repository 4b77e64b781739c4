package dk.godstart.hub.routes.routing;

import java.time.Duration;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Organization;

/**
 * The policy's answer for one recipient: send under {@code agreement} to {@code endpoint}, or park for
 * {@code parkReason} (then {@code explanation} says what a person has to fix). {@code deadline} is the agreement term's
 * "within" for this notification, when it has one.
 */
public record RoutingDecision(
		Organization recipient, DestinationUse use, Contract agreement, Endpoint endpoint, ParkReason parkReason,
		String explanation, Duration deadline) {

	public boolean deliverable() {
		return parkReason == null;
	}
}
