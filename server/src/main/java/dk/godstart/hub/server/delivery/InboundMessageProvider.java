package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubOperationProvider;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /fhir/$process-message}: takes a HubMessage from another hub or a hospital. The message must meet the
 * HubMessage profile (422 with the validator's OperationOutcome otherwise); it is stored as a Bundle together with a
 * record of its MessageHeader id, in one transaction, so a repeat of the same message id — a sender retrying after a
 * lost answer — gets the first answer and stores nothing new.
 */
public class InboundMessageProvider implements HubOperationProvider {

	private final GodStartValidator validator;
	private final IFhirResourceDao<Bundle> bundles;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transaction;
	private final FhirContext fhirContext;

	public InboundMessageProvider(GodStartValidator validator, IFhirResourceDao<Bundle> bundles, JdbcTemplate jdbc,
			TransactionTemplate transaction, FhirContext fhirContext) {
		this.validator = validator;
		this.bundles = bundles;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.fhirContext = fhirContext;
	}

	@Operation(name = "$process-message", idempotent = false)
	public OperationOutcome processMessage(@ResourceParam Bundle message) {
		if (message == null || message.getType() != Bundle.BundleType.MESSAGE
				|| !(message.getEntryFirstRep().getResource() instanceof MessageHeader header) || !header.hasIdElement()
				|| header.getIdElement().getIdPart() == null) {
			throw new InvalidRequestException("$process-message takes a Bundle of type message whose first entry is a "
					+ "MessageHeader with an id");
		}
		String messageId = header.getIdElement().getIdPart();
		List<String> earlier = previousAnswer(messageId);
		if (!earlier.isEmpty()) {
			return fhirContext.newJsonParser().parseResource(OperationOutcome.class, earlier.get(0));
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
		try {
			return transaction.execute(status -> accept(messageId, message));
		} catch (DuplicateKeyException raceWithTheSameMessage) {
			return fhirContext.newJsonParser().parseResource(OperationOutcome.class, previousAnswer(messageId).get(0));
		}
	}

	private OperationOutcome accept(String messageId, Bundle message) {
		message.setId((String) null);
		String stored = bundles.create(message, new SystemRequestDetails()).getId().toUnqualifiedVersionless().getValue();
		OperationOutcome answer = new OperationOutcome();
		answer.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics("Message " + messageId + " accepted and stored as " + stored);
		jdbc.update("INSERT INTO hub_inbound_message (message_id, status_code, response) VALUES (?, 200, ?)",
				messageId, fhirContext.newJsonParser().encodeResourceToString(answer));
		return answer;
	}

	private List<String> previousAnswer(String messageId) {
		return jdbc.queryForList("SELECT response FROM hub_inbound_message WHERE message_id = ?", String.class, messageId);
	}
}
