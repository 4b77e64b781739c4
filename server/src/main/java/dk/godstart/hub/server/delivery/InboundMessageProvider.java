package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.routes.dedup.IdempotentInbox;
import dk.godstart.hub.routes.delivery.Acknowledgement;
import dk.godstart.hub.routes.delivery.ReceiverAcknowledgements;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.events.OutboxRepository;
import dk.godstart.hub.routes.network.NetworkResources;
import dk.godstart.hub.server.audit.AuditTrail;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubOperationProvider;
import dk.godstart.hub.server.network.NetworkMessages;
import dk.godstart.hub.server.security.HubCaller;
import dk.godstart.hub.server.security.MessageSenders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /fhir/$process-message}: takes a HubMessage from another hub or a hospital. The message must meet the
 * HubMessage profile (422 with the validator's OperationOutcome otherwise). In one transaction it is stored as a
 * Bundle, the woman it is about becomes known by her CPR number, its event is announced in the outbox (so the routes
 * pass it on to the receivers its header names, as the agreements allow, with a Provenance saying "forward"), and
 * its MessageHeader id is recorded with the answer, its Bundle.id and its sender ({@link IdempotentInbox#fhirMessages}).
 *
 * <p>MedCom reliable messaging: every message the hub judged is answered with a HubAcknowledgement
 * ({@link InboundAcknowledgements}): {@code ok} after the commit, {@code fatal-error} or {@code transient-error} with the
 * OperationOutcome of a refusal or of a store that is away ({@link AcknowledgementAnswers}). A repeat of the same
 * Bundle.id and MessageHeader.id (the answer was lost) gets the identical acknowledgement; the same MessageHeader.id in
 * a new envelope (a resend) the same acknowledgement in a new envelope; neither stores anything again. A Bundle.id that
 * came with another message is refused (422). A refused message is not remembered, so its corrected version is judged
 * afresh. A receiver's acknowledgement of one of the hub's own messages is not passed on but settles that delivery
 * ({@link ReceiverAcknowledgements}); acknowledgements are not themselves acknowledged.
 *
 * <p>Two events are for the hub itself rather than passed on: the registry's places ({@link InboundCapacity}), and
 * the woman's network's events, whose focus changes the shared picture in the sender's name ({@link NetworkMessages})
 * within the same transaction; a write the sender may not make (403), a version it has not seen (409), or anything
 * else refused leaves nothing stored, not even the message.
 */
public class InboundMessageProvider implements HubOperationProvider {

	private final GodStartValidator validator;
	private final IFhirResourceDao<Bundle> bundles;
	private final IFhirResourceDao<Patient> patients;
	private final OutboxRepository outbox;
	private final IdempotentInbox inbox;
	private final TransactionTemplate transaction;
	private final FhirContext fhirContext;
	private final MessageSenders senders;
	private final InboundCapacity capacity;
	private final NetworkMessages network;
	private final InboundAcknowledgements acknowledgements;
	private final ReceiverAcknowledgements receiverAcknowledgements;

	public InboundMessageProvider(GodStartValidator validator, IFhirResourceDao<Bundle> bundles,
			IFhirResourceDao<Patient> patients, OutboxRepository outbox, JdbcTemplate jdbc, TransactionTemplate transaction,
			FhirContext fhirContext, MessageSenders senders, InboundCapacity capacity, NetworkMessages network,
			InboundAcknowledgements acknowledgements, ReceiverAcknowledgements receiverAcknowledgements) {
		this.network = network;
		this.acknowledgements = acknowledgements;
		this.receiverAcknowledgements = receiverAcknowledgements;
		this.senders = senders;
		this.capacity = capacity;
		this.validator = validator;
		this.bundles = bundles;
		this.patients = patients;
		this.outbox = outbox;
		this.inbox = IdempotentInbox.fhirMessages(jdbc);
		this.transaction = transaction;
		this.fhirContext = fhirContext;
	}

	@Operation(name = "$process-message", idempotent = false)
	public IBaseResource processMessage(@ResourceParam Bundle message, RequestDetails request) {
		if (message == null || message.getType() != Bundle.BundleType.MESSAGE
				|| !(message.getEntryFirstRep().getResource() instanceof MessageHeader header) || !header.hasIdElement()
				|| header.getIdElement().getIdPart() == null) {
			throw new InvalidRequestException("$process-message takes a Bundle of type message whose first entry is a "
					+ "MessageHeader with an id");
		}
		if (Acknowledgement.isAcknowledgement(message)) {
			return receiveAcknowledgement(message, request); // acknowledgements are not themselves acknowledged
		}
		AcknowledgementAnswers.answering(request, message);
		senders.checkSender(request, message);
		String messageId = header.getIdElement().getIdPart();
		String bundleId = message.getIdElement().getIdPart();
		String sender = HubCaller.of(request).map(HubCaller::clientId).orElse("hub");
		Optional<Map<String, Object>> earlier = inbox.recorded(List.of(messageId));
		if (earlier.isPresent()) {
			return repeated(messageId, bundleId, sender, earlier.get());
		}
		if (bundleId != null) {
			inbox.keyWhere("bundle_id", bundleId).filter(other -> !other.equals(messageId)).ifPresent(other -> {
				throw new UnprocessableEntityException(fhirContext, problem(OperationOutcome.IssueType.DUPLICATE,
						"Bundle.id " + bundleId + " came before with message " + other + ": a Bundle.id is never reused "
								+ "for another message (MedCom reliable messaging); nothing was stored"));
			});
		}
		ValidationResult result = validator.validate(message, GodStartIg.Profiles.HUB_MESSAGE);
		if (!GodStartValidator.errors(result).isEmpty()) {
			OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
			outcome.getIssue().add(0, new OperationOutcome.OperationOutcomeIssueComponent()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.PROCESSING)
					.setDiagnostics("Message " + messageId + " does not conform to " + GodStartIg.Profiles.HUB_MESSAGE
							+ "; nothing was stored"));
			throw new UnprocessableEntityException(fhirContext, outcome);
		}
		Bundle received = message.copy();
		Optional<String> accepted = transaction.execute(status -> {
			String acknowledgement = fhirContext.newJsonParser().encodeResourceToString(acknowledgements.acknowledge(
					received, Acknowledgement.Code.OK, accept(messageId, message, request), request.getFhirServerBase()));
			if (!inbox.take(List.of(messageId), List.of(200, acknowledgement, bundleId == null ? "" : bundleId, sender))) {
				status.setRollbackOnly(); // the same message, taken meanwhile by another request: its answer stands
				return Optional.empty();
			}
			return Optional.of(acknowledgement);
		});
		// the acknowledgement as it is kept, so that the first answer and any repeat are the same
		return accepted.map(acknowledgement -> fhirContext.newJsonParser().parseResource(acknowledgement))
				.orElseGet(() -> repeated(messageId, bundleId, sender, inbox.recorded(List.of(messageId)).orElseThrow()));
	}

	/**
	 * A message taken before (MedCom's cache): the same envelope again (Bundle.id and MessageHeader.id both known, the
	 * answer was lost) gets the identical acknowledgement; a new envelope around it (a sender's resend) gets the same
	 * acknowledgement in a new envelope; the same MessageHeader.id from another client is refused.
	 */
	private IBaseResource repeated(String messageId, String bundleId, String sender, Map<String, Object> earlier) {
		Object earlierSender = earlier.get("sender");
		if (earlierSender != null && !sender.equals(earlierSender)) {
			throw new ResourceVersionConflictException("Message " + messageId + " was taken before from another "
					+ "sender: a MessageHeader.id names one message; nothing was stored");
		}
		IBaseResource answer = fhirContext.newJsonParser().parseResource((String) earlier.get("response"));
		Object earlierBundle = earlier.get("bundle_id");
		boolean sameEnvelope = bundleId == null || earlierBundle == null || "".equals(earlierBundle)
				|| bundleId.equals(earlierBundle);
		return sameEnvelope || !(answer instanceof Bundle acknowledgement) ? answer
				: acknowledgements.reenvelope(acknowledgement);
	}

	/**
	 * A receiver's acknowledgement of one of the hub's messages: it must meet HubAcknowledgement, come from the
	 * message's own recipient, and name a message the hub sent; then it settles that delivery
	 * ({@link ReceiverAcknowledgements}). Answered with an OperationOutcome saying what it did.
	 */
	private OperationOutcome receiveAcknowledgement(Bundle message, RequestDetails request) {
		senders.checkSender(request, message);
		ValidationResult result = validator.validate(message, GodStartIg.Profiles.HUB_ACKNOWLEDGEMENT);
		if (!GodStartValidator.errors(result).isEmpty()) {
			OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
			outcome.getIssue().add(0, new OperationOutcome.OperationOutcomeIssueComponent()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.PROCESSING)
					.setDiagnostics("The acknowledgement does not conform to " + GodStartIg.Profiles.HUB_ACKNOWLEDGEMENT
							+ "; it changed nothing"));
			throw new UnprocessableEntityException(fhirContext, outcome);
		}
		Acknowledgement acknowledgement = Acknowledgement.of(message, fhirContext.newJsonParser()
				.encodeResourceToString(message)).orElseThrow(() -> new UnprocessableEntityException(fhirContext,
						problem(OperationOutcome.IssueType.REQUIRED, "An acknowledgement names the message it answers "
								+ "(response.identifier) and how it went (response.code)")));
		String recipient = receiverAcknowledgements.recipientOf(acknowledgement.acknowledgedMessageId())
				.orElseThrow(() -> new UnprocessableEntityException(fhirContext, problem(OperationOutcome.IssueType.NOTFOUND,
						"The acknowledgement answers message " + acknowledgement.acknowledgedMessageId()
								+ ", which the hub did not send (or whose record has been swept); it changed nothing")));
		senders.checkActsFor(request, recipient, "Only the receiver of message "
				+ acknowledgement.acknowledgedMessageId() + " may acknowledge it");
		ReceiverAcknowledgements.Received received = receiverAcknowledgements.receive(acknowledgement);
		OperationOutcome answer = new OperationOutcome();
		answer.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics("Acknowledgement " + acknowledgement.code().code() + " of message "
						+ acknowledgement.acknowledgedMessageId() + " received: " + received.outcome());
		return answer;
	}

	private static OperationOutcome problem(OperationOutcome.IssueType type, String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
		return outcome;
	}

	private OperationOutcome accept(String messageId, Bundle message, RequestDetails request) {
		message.setId((String) null);
		IIdType stored = bundles.create(message, new SystemRequestDetails()).getId().toUnqualifiedVersionless();
		senders.grantSender(request, stored);
		Map<String, String> women = knowTheWomen(message);
		String subject = women.values().stream().findFirst().orElse(null);
		AuditTrail.touched(request, stored.getValue());
		AuditTrail.touched(request, subject);
		String eventCode = ((MessageHeader) message.getEntryFirstRep().getResource()).getEventCoding().getCode();
		Optional<MessageEvent> event = MessageEvent.fromCode(eventCode);
		String outcome;
		if (event.filter(MessageEvent.RESIDENTIAL_CAPACITY_CHANGED::equals).isPresent()) {
			// for the hub itself: its copy of the registry's places
			outcome = "; " + capacity.apply(message) + " residential place(s) updated in the hub's copy";
		} else if (event.filter(NetworkResources.EVENTS::contains).isPresent()) {
			// the woman's network: the change is made to the shared picture, whose members are told of it as of any
			List<String> written = network.apply(message, women, request);
			outcome = "; written to the woman's network: " + String.join(", ", written)
					+ "; its members are told as of any change to it";
		} else {
			event.ifPresent(known -> outbox.announce(known, stored, subject));
			outcome = event.isPresent() ? "; it is passed on to the receivers its header names, as the agreements allow"
					: "; event " + eventCode + " is not one the hub passes on";
		}
		OperationOutcome answer = new OperationOutcome();
		answer.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics("Message " + messageId + " accepted and stored as " + stored.getValue() + outcome);
		return answer;
	}

	/**
	 * The woman a message is about becomes known to the hub by her CPR number (an existing record is left as it is),
	 * so the notifications that pass the message on can name her, and her events stay in order. References to
	 * organisations and people of the sending system are left out: they mean nothing here. Returns the
	 * message's Patient entries by fullUrl, as {@code Patient/<id>}, the first first.
	 */
	private Map<String, String> knowTheWomen(Bundle message) {
		Map<String, String> women = new LinkedHashMap<>();
		for (Bundle.BundleEntryComponent entry : message.getEntry()) {
			if (!(entry.getResource() instanceof Patient patient)) {
				continue;
			}
			Optional<org.hl7.fhir.r4.model.Identifier> cpr = patient.getIdentifier().stream()
					.filter(identifier -> GodStartIg.CPR_SYSTEM.equals(identifier.getSystem()) && identifier.hasValue())
					.findFirst();
			if (cpr.isPresent()) {
				Patient local = patient.copy();
				local.setId((String) null);
				local.getGeneralPractitioner().clear();
				local.setManagingOrganization(null);
				local.getLink().clear();
				IIdType id = patients.create(local, "identifier=" + cpr.get().getSystem() + "|" + cpr.get().getValue(),
						new SystemRequestDetails()).getId();
				women.putIfAbsent(entry.getFullUrl() != null ? entry.getFullUrl() : "Patient/" + id.getIdPart(), "Patient/" + id.getIdPart());
			}
		}
		return women;
	}
}
