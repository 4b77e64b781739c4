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
 * A real FHIR messaging receiver on a loopback port: it records every message bundle POSTed to it and answers as told
 * (accept with 200, reject with 422 and an OperationOutcome, or fail with 503). {@link #down()} closes the socket so
 * senders get "connection refused"; {@link #up()} listens on the same port again.
 */
public final class FhirReceiver extends LoopbackHttpPeer {

	public enum Answer { ACCEPT, REJECT, FAIL }

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
				case ACCEPT -> {
					Bundle message = fhirContext.newJsonParser().parseResource(Bundle.class, body);
					received.add(new Received(exchange.getRequestURI().getPath(),
							exchange.getRequestHeaders().getFirst("Content-Type"), message));
					respond(exchange, 200, outcome(OperationOutcome.IssueType.INFORMATIONAL, "Received"));
				}
			}
		}
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
