package dk.godstart.hub.server.support;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A real FHIR messaging receiver on a loopback port, as a MedCom receiver behaves: it records every message bundle
 * POSTed to it and answers as told: accept with 200 and an {@code ok} acknowledgement message (the default), accept
 * and acknowledge {@code transient-error} or {@code fatal-error}, accept with a bare 200 and acknowledge nothing
 * (silent: {@link #acknowledgement} makes the acknowledgement to post later), reject with 422 and an OperationOutcome,
 * or fail with 503. {@link #down()} closes the socket so senders get "connection refused"; {@link #up()} listens on
 * the same port again.
 */
public final class FhirReceiver extends LoopbackHttpPeer {

	public enum Answer { ACCEPT, ACKNOWLEDGE_TRANSIENT, ACKNOWLEDGE_FATAL, SILENT, REJECT, FAIL }

	public record Received(String path, String contentType, Bundle message) {
		public MessageHeader header() {
			return (MessageHeader) message.getEntryFirstRep().getResource();
		}
	}

	private final FhirContext fhirContext;
	private final List<Received> received = new CopyOnWriteArrayList<>();
	private volatile Answer answer = Answer.ACCEPT;
	private volatile String rejection = "The receiving system does not know this recipient";

	public FhirReceiver(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/** The endpoint address of one organisation at this receiver. */
	public String address(String path) {
		return "http://127.0.0.1:" + port() + "/" + path + "/$process-message";
	}

	public void answer(Answer answer) {
		this.answer = answer;
	}

	public void rejectWith(String diagnostics) {
		this.rejection = diagnostics;
		this.answer = Answer.REJECT;
	}

	public List<Received> received() {
		return new ArrayList<>(received);
	}

	public List<Received> receivedAt(String path) {
		return received.stream().filter(r -> r.path().startsWith("/" + path + "/")).toList();
	}

	@Override
	protected void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			switch (answer) {
				case FAIL -> respond(exchange, 503, outcome(OperationOutcome.IssueType.TRANSIENT, "Down for maintenance"));
				case REJECT -> respond(exchange, 422, outcome(OperationOutcome.IssueType.BUSINESSRULE, rejection));
				default -> {
					Bundle message = fhirContext.newJsonParser().parseResource(Bundle.class, body);
					Received taken = new Received(exchange.getRequestURI().getPath(),
							exchange.getRequestHeaders().getFirst("Content-Type"), message);
					received.add(taken);
					respond(exchange, 200, switch (answer) {
						case ACKNOWLEDGE_TRANSIENT -> json(acknowledgement(taken, MessageHeader.ResponseType.TRANSIENTERROR,
								"The case system is being updated; send it again later"));
						case ACKNOWLEDGE_FATAL -> json(acknowledgement(taken, MessageHeader.ResponseType.FATALERROR, rejection));
						case SILENT -> outcome(OperationOutcome.IssueType.INFORMATIONAL, "Received; acknowledged later");
						default -> json(acknowledgement(taken, MessageHeader.ResponseType.OK, "Received"));
					});
				}
			}
		}
	}

	/**
	 * The receiving organisation's MedCom acknowledgement of {@code message}: addressed to its sender, from its primary
	 * receiver, answering its MessageHeader id with {@code code}, an OperationOutcome saying {@code says}, and both
	 * organisations as they came.
	 */
	public Bundle acknowledgement(Received message, MessageHeader.ResponseType code, String says) {
		MessageHeader answered = message.header();
		Bundle.BundleEntryComponent sender = organisation(message.message(), answered.getSender().getReference());
		Bundle.BundleEntryComponent receiver = organisation(message.message(),
				answered.getDestinationFirstRep().getReceiver().getReference());
		String headerUrl = "urn:uuid:" + java.util.UUID.randomUUID();
		String outcomeUrl = "urn:uuid:" + java.util.UUID.randomUUID();
		MessageHeader header = new MessageHeader();
		header.setId(headerUrl.substring(9));
		header.setEvent(new org.hl7.fhir.r4.model.Coding(dk.godstart.hub.profiles.GodStartIg.MedCom.EVENT_CODES,
				dk.godstart.hub.profiles.GodStartIg.MedCom.ACKNOWLEDGEMENT_MESSAGE, null));
		MessageHeader.MessageDestinationComponent destination = header.addDestination()
				.setEndpoint(answered.getSource().getEndpoint())
				.setReceiver(new org.hl7.fhir.r4.model.Reference(sender.getFullUrl()));
		destination.addExtension(dk.godstart.hub.profiles.GodStartIg.MedCom.DESTINATION_USE_EXTENSION,
				new org.hl7.fhir.r4.model.Coding(dk.godstart.hub.profiles.GodStartIg.MedCom.DESTINATION_USE_CODES,
						"primary", null));
		header.setSender(new org.hl7.fhir.r4.model.Reference(receiver.getFullUrl()));
		header.getSource().setEndpoint(address(message.path().split("/")[1]));
		header.getResponse().setIdentifier(answered.getIdElement().getIdPart()).setCode(code)
				.setDetails(new org.hl7.fhir.r4.model.Reference(outcomeUrl));
		OperationOutcome outcome = new OperationOutcome();
		outcome.setId(outcomeUrl.substring(9));
		outcome.addIssue()
				.setSeverity(code == MessageHeader.ResponseType.OK ? OperationOutcome.IssueSeverity.INFORMATION
						: OperationOutcome.IssueSeverity.ERROR)
				.setCode(code == MessageHeader.ResponseType.OK ? OperationOutcome.IssueType.INFORMATIONAL
						: code == MessageHeader.ResponseType.TRANSIENTERROR ? OperationOutcome.IssueType.TRANSIENT
								: OperationOutcome.IssueType.BUSINESSRULE)
				.setDiagnostics(says);
		Bundle acknowledgement = new Bundle();
		acknowledgement.setId(java.util.UUID.randomUUID().toString());
		acknowledgement.setType(Bundle.BundleType.MESSAGE);
		acknowledgement.setTimestamp(new java.util.Date());
		acknowledgement.addEntry().setFullUrl(headerUrl).setResource(header);
		acknowledgement.addEntry().setFullUrl(outcomeUrl).setResource(outcome);
		acknowledgement.addEntry(receiver.copy());
		acknowledgement.addEntry(sender.copy());
		return acknowledgement;
	}

	private static Bundle.BundleEntryComponent organisation(Bundle message, String reference) {
		return message.getEntry().stream()
				.filter(entry -> entry.getResource() instanceof org.hl7.fhir.r4.model.Organization)
				.filter(entry -> reference.equals(entry.getFullUrl()) || entry.getFullUrl().endsWith("/" + reference))
				.findFirst().orElseThrow(() -> new IllegalStateException("No organisation " + reference + " in the message"));
	}

	private String json(Bundle bundle) {
		return fhirContext.newJsonParser().encodeResourceToString(bundle);
	}

	private String outcome(OperationOutcome.IssueType type, String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(type == OperationOutcome.IssueType.INFORMATIONAL
						? OperationOutcome.IssueSeverity.INFORMATION : OperationOutcome.IssueSeverity.ERROR)
				.setCode(type)
				.setDiagnostics(diagnostics);
		return fhirContext.newJsonParser().encodeResourceToString(outcome);
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}
}
