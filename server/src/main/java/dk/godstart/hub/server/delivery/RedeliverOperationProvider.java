package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dk.godstart.hub.routes.delivery.DeliveryRepository;
import dk.godstart.hub.routes.delivery.Redelivery;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubOperationProvider;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * {@code POST /fhir/Communication/<id>/$redeliver}: re-drives a parked notification. The routing decision is made
 * again as things stand now; the answer says, per recipient, whether it was queued or why it is still parked.
 */
public class RedeliverOperationProvider implements HubOperationProvider {

	private final Redelivery redelivery;
	private final DeliveryRepository deliveries;

	public RedeliverOperationProvider(Redelivery redelivery, DeliveryRepository deliveries) {
		this.redelivery = redelivery;
		this.deliveries = deliveries;
	}

	@Operation(name = "$redeliver", type = org.hl7.fhir.r4.model.Communication.class, idempotent = false)
	public OperationOutcome redeliver(@IdParam IdType id) {
		String communicationId = id.getIdPart();
		if (deliveries.forCommunication(communicationId).isEmpty()) {
			throw new ResourceNotFoundException("Communication/" + communicationId + " is not a notification sent by this hub");
		}
		List<Redelivery.Outcome> outcomes = redelivery.redeliver(communicationId);
		if (outcomes.isEmpty()) {
			throw new ResourceVersionConflictException("Communication/" + communicationId
					+ " is not parked: it is delivered or already queued, so there is nothing to re-drive");
		}
		OperationOutcome answer = new OperationOutcome();
		for (Redelivery.Outcome outcome : outcomes) {
			answer.addIssue()
					.setSeverity(outcome.queued() ? OperationOutcome.IssueSeverity.INFORMATION : OperationOutcome.IssueSeverity.WARNING)
					.setCode(outcome.queued() ? OperationOutcome.IssueType.INFORMATIONAL : OperationOutcome.IssueType.BUSINESSRULE)
					.setDiagnostics(outcome.recipient() + ": " + outcome.message());
		}
		return answer;
	}
}
