package dk.godstart.hub.routes.routing;

import dk.godstart.hub.routes.agreements.LegalBasis;
import dk.godstart.hub.routes.delivery.ParkReason;
import java.time.Duration;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Organization;

/**
 * The policy's answer for one recipient: send under {@code agreement}, on {@code legalBasis} (shown by
 * {@code evidence}, a {@code Consent/<id>} or the concern notification, when the basis has one), to {@code endpoint};
 * or park for {@code parkReason} (then {@code explanation} says what a person has to fix, and {@code legalBasis} is the
 * basis that was found missing, if it came to that). {@code deadline} is the agreement term's "within", when it has one.
 */
public record RoutingDecision(
		Organization recipient, DestinationUse use, Contract agreement, Endpoint endpoint, ParkReason parkReason,
		String explanation, Duration deadline, LegalBasis legalBasis, String evidence) {

	public boolean deliverable() {
		return parkReason == null;
	}
}
