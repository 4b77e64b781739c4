package dk.godstart.hub.routes.delivery;

import ca.uhn.fhir.context.FhirContext;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A receiver's acknowledgement of one of the hub's messages (MedCom's acknowledgement message): which message
 * ({@code MessageHeader.response.identifier}), how it went ({@link Code}), the receiver's words when it did not go
 * well (its OperationOutcome), and the message as it came, kept for the person who looks at the delivery.
 */
public record Acknowledgement(String acknowledgedMessageId, Code code, String problem, String json) {

	/** R4's {@code response-code}, as MedCom's acknowledgement uses it. */
	public enum Code {
		OK("ok"),
		TRANSIENT_ERROR("transient-error"),
		FATAL_ERROR("fatal-error");

		private final String code;

		Code(String code) {
			this.code = code;
		}

		public String code() {
			return code;
		}

		public MessageHeader.ResponseType fhir() {
			return MessageHeader.ResponseType.fromCode(code);
		}

		public static Optional<Code> fromCode(String code) {
			return Arrays.stream(values()).filter(value -> value.code.equals(code)).findFirst();
		}
	}

	/** Whether {@code message} is an acknowledgement: a message Bundle whose header answers another message. */
	public static boolean isAcknowledgement(Bundle message) {
		return message != null && message.getType() == Bundle.BundleType.MESSAGE
				&& message.getEntryFirstRep().getResource() instanceof MessageHeader header && header.hasResponse();
	}

	/** The acknowledgement a message Bundle carries, if it is one with an identifier and a known code. */
	public static Optional<Acknowledgement> of(Bundle message, String json) {
		if (!isAcknowledgement(message)) {
			return Optional.empty();
		}
		MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
		MessageHeader.MessageHeaderResponseComponent response = header.getResponse();
		if (!response.hasIdentifier() || !response.hasCode() || response.getCode() == MessageHeader.ResponseType.NULL) {
			return Optional.empty();
		}
		Code code = Code.fromCode(response.getCode().toCode()).orElseThrow();
		return Optional.of(new Acknowledgement(response.getIdentifier(), code, problem(message, header), json));
	}

	/** The acknowledgement in a receiver's HTTP answer, if the answer is one (any other body: empty). */
	public static Optional<Acknowledgement> in(FhirContext fhirContext, String body) {
		if (body == null || body.isBlank() || !body.contains("\"Bundle\"")) {
			return Optional.empty();
		}
		try {
			return of(fhirContext.newJsonParser().parseResource(Bundle.class, body), body);
		} catch (RuntimeException notAMessage) {
			return Optional.empty();
		}
	}

	/** The issues of the OperationOutcome the header's {@code response.details} names (or the bundle's first one). */
	private static String problem(Bundle message, MessageHeader header) {
		String details = header.getResponse().getDetails().getReference();
		return message.getEntry().stream()
				.filter(entry -> entry.getResource() instanceof OperationOutcome)
				.filter(entry -> details == null || details.equals(entry.getFullUrl())
						|| entry.getFullUrl() != null && entry.getFullUrl().endsWith("/" + details)
						|| details.endsWith("/" + entry.getResource().getIdElement().getIdPart()))
				.map(entry -> (OperationOutcome) entry.getResource())
				.findFirst()
				.map(Acknowledgement::issues)
				.orElse(null);
	}

	/** An OperationOutcome's issues in words: "error: the receiver does not know this recipient; ...". */
	public static String issues(OperationOutcome outcome) {
		String issues = outcome.getIssue().stream()
				.map(issue -> issue.getSeverity().toCode() + ": " + (issue.hasDiagnostics() ? issue.getDiagnostics()
						: issue.getDetails().hasText() ? issue.getDetails().getText()
								: issue.getDetails().getCodingFirstRep().getCode()))
				.collect(Collectors.joining("; "));
		return issues.isEmpty() ? null : issues;
	}
}
