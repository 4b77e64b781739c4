package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dk.godstart.hub.routes.delivery.AcknowledgementRule;
import dk.godstart.hub.routes.delivery.DeliveryRepository;
import dk.godstart.hub.routes.delivery.ParkReason;
import dk.godstart.hub.routes.delivery.Redelivery;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubOperationProvider;
import dk.godstart.hub.server.security.AccessPolicy;
import dk.godstart.hub.server.security.HubCaller;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UrlType;

/**
 * Operations on the hub's notifications: {@code $redeliver} re-drives a parked notification (the routing decision is
 * made again as things stand now; the answer says, per recipient, whether it was queued or why it is still parked),
 * and {@code $delivery-status} shows where its deliveries stand and what the receiver last answered.
 */
public class NotificationOperationsProvider implements HubOperationProvider {

	private final Redelivery redelivery;
	private final DeliveryRepository deliveries;
	private final FhirContext fhirContext;

	private final AccessPolicy access;

	public NotificationOperationsProvider(Redelivery redelivery, DeliveryRepository deliveries, FhirContext fhirContext,
			AccessPolicy access) {
		this.access = access;
		this.redelivery = redelivery;
		this.deliveries = deliveries;
		this.fhirContext = fhirContext;
	}

	/**
	 * {@code GET /fhir/Communication/<id>/$delivery-status}: per recipient, where the delivery stands (state, park
	 * reason and what to fix, tries, next try, deadline, when and by which node it was delivered) and the receiver's
	 * last answer (its HTTP status and, when it sent one, its OperationOutcome).
	 */
	@Operation(name = "$delivery-status", type = Communication.class, idempotent = true)
	public Parameters deliveryStatus(@IdParam IdType id, RequestDetails request) {
		List<DeliveryRepository.DeliveryStatus> statuses = deliveries.statusOf(id.getIdPart());
		boolean visible = HubCaller.of(request)
				.map(caller -> access.canSee(caller, request, "Communication/" + id.getIdPart()))
				.orElse(true);
		if (statuses.isEmpty() || !visible) {
			throw new ResourceNotFoundException("Communication/" + id.getIdPart() + " is not a notification sent by this hub");
		}
		Parameters answer = new Parameters();
		for (DeliveryRepository.DeliveryStatus status : statuses) {
			Parameters.ParametersParameterComponent delivery = answer.addParameter().setName("delivery");
			part(delivery, "messageId", new IdType(status.messageId()));
			part(delivery, "recipient", new Reference(status.recipient()));
			part(delivery, "endpoint", status.endpointAddress() == null ? null : new UrlType(status.endpointAddress()));
			part(delivery, "state", new CodeType(status.state()));
			part(delivery, "parkReason", status.parkReason() == null ? null
					: ParkReason.fromCode(status.parkReason()).map(reason -> reason.concept(null).getCodingFirstRep()).orElse(null));
			part(delivery, "explanation", status.parkExplanation() == null ? null : new StringType(status.parkExplanation()));
			part(delivery, "attempts", new IntegerType(status.attempts()));
			part(delivery, "nextAttempt", "pending".equals(status.state()) ? instant(status.nextAttempt()) : null);
			part(delivery, "due", instant(status.due()));
			part(delivery, "deliveredAt", instant(status.deliveredAt()));
			part(delivery, "deliveredBy", status.deliveredBy() == null ? null : new StringType(status.deliveredBy()));
			part(delivery, "lastHttpStatus", status.lastHttpStatus() == null ? null : new IntegerType(status.lastHttpStatus()));
			part(delivery, "lastError", status.lastError() == null ? null : new StringType(status.lastError()));
			receiverResponse(status.lastResponse()).ifPresent(outcome -> delivery.addPart().setName("receiverResponse").setResource(outcome));
			// MedCom reliable messaging: what the receiver acknowledged, or that it has not yet
			part(delivery, "acknowledgementMode", new CodeType(status.acknowledgement()));
			part(delivery, "acknowledgement", status.acknowledgementState() == null ? null
					: new CodeType(status.acknowledgementState()));
			part(delivery, "acknowledgementDue", AcknowledgementRule.AWAITING.equals(status.acknowledgementState())
					? instant(status.acknowledgementDue()) : null);
			part(delivery, "acknowledgedAt", instant(status.acknowledgedAt()));
			part(delivery, "resends", new IntegerType(status.resends()));
			receiverAcknowledgement(status.acknowledgementMessage())
					.ifPresent(message -> delivery.addPart().setName("receiverAcknowledgement").setResource(message));
		}
		return answer;
	}

	private static void part(Parameters.ParametersParameterComponent parameter, String name, Type value) {
		if (value != null) {
			parameter.addPart().setName(name).setValue(value);
		}
	}

	private static InstantType instant(Instant instant) {
		return instant == null ? null : new InstantType(Date.from(instant));
	}

	private Optional<OperationOutcome> receiverResponse(String body) {
		if (body == null || body.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(fhirContext.newJsonParser().parseResource(OperationOutcome.class, body));
		} catch (RuntimeException notAnOperationOutcome) {
			return Optional.empty();
		}
	}

	private Optional<org.hl7.fhir.r4.model.Bundle> receiverAcknowledgement(String body) {
		if (body == null || body.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(fhirContext.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class, body));
		} catch (RuntimeException notABundle) {
			return Optional.empty();
		}
	}

	@Operation(name = "$redeliver", type = Communication.class, idempotent = false)
	public OperationOutcome redeliver(@IdParam IdType id, RequestDetails request) {
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
