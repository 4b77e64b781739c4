package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dk.godstart.hub.routes.delivery.Acknowledgement;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * MedCom's answers at {@code $process-message} where HAPI would answer with a bare OperationOutcome: a message the
 * hub refused, or could not store now, is answered with a HubAcknowledgement ({@code fatal-error} for a 4xx,
 * {@code transient-error} for a 5xx) carrying the same OperationOutcome, with the same HTTP status and headers (a
 * 503's Retry-After). Only once {@link InboundMessageProvider} has read the message's header (a body that is no
 * message gets HAPI's plain OperationOutcome: there is nothing to acknowledge). Runs after the audit trail has
 * recorded the failure. Also declares the reliable-messaging cache period in the CapabilityStatement.
 */
public class AcknowledgementAnswers implements HubServerInterceptor {

	private static final String RECEIVED = AcknowledgementAnswers.class.getName() + ".received";

	private final InboundAcknowledgements acknowledgements;
	private final FhirContext fhirContext;
	private final Duration cachePeriod;

	public AcknowledgementAnswers(InboundAcknowledgements acknowledgements, FhirContext fhirContext, Duration cachePeriod) {
		this.acknowledgements = acknowledgements;
		this.fhirContext = fhirContext;
		this.cachePeriod = cachePeriod;
	}

	/** From here on, a failure of {@code request} is answered with an acknowledgement of {@code message}. */
	public static void answering(RequestDetails request, Bundle message) {
		request.getUserData().put(RECEIVED, message);
	}

	@Hook(value = Pointcut.SERVER_HANDLE_EXCEPTION, order = 1000)
	public boolean refused(RequestDetails request, HttpServletResponse response, BaseServerResponseException exception)
			throws IOException {
		if (!(request.getUserData().get(RECEIVED) instanceof Bundle received) || response.isCommitted()) {
			return true;
		}
		OperationOutcome outcome = exception.getOperationOutcome() instanceof OperationOutcome given ? given.copy()
				: new OperationOutcome();
		if (!outcome.hasIssue()) {
			outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(exception.getStatusCode() >= 500 ? OperationOutcome.IssueType.TRANSIENT
							: OperationOutcome.IssueType.PROCESSING)
					.setDiagnostics(exception.getMessage());
		}
		Acknowledgement.Code code = exception.getStatusCode() >= 500 ? Acknowledgement.Code.TRANSIENT_ERROR
				: Acknowledgement.Code.FATAL_ERROR;
		Bundle acknowledgement = acknowledgements.acknowledge(received, code, outcome, request.getFhirServerBase());
		byte[] body = fhirContext.newJsonParser().encodeResourceToString(acknowledgement).getBytes(StandardCharsets.UTF_8);
		response.setStatus(exception.getStatusCode());
		for (Map.Entry<String, List<String>> header : exception.getResponseHeaders().entrySet()) {
			header.getValue().forEach(value -> response.addHeader(header.getKey(), value));
		}
		response.setContentType("application/fhir+json;charset=utf-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.getOutputStream().flush();
		return false;
	}

	/** MedCom reliable messaging: applications declare how long they recognise a message sent again. */
	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void describe(IBaseConformance capabilities, RequestDetails request) {
		if (!(capabilities instanceof CapabilityStatement statement)) {
			return;
		}
		CapabilityStatement.CapabilityStatementMessagingComponent messaging = statement.addMessaging();
		messaging.setReliableCache((int) Math.min(Integer.MAX_VALUE, cachePeriod.toMinutes()));
		messaging.addEndpoint()
				.setProtocol(new Coding("http://terminology.hl7.org/CodeSystem/message-transport", "http", "HTTP"))
				.setAddress(request.getFhirServerBase() + "/$process-message");
		messaging.setDocumentation("MedCom reliable messaging: every message is answered with an acknowledgement "
				+ "(HubAcknowledgement); a message whose Bundle.id and MessageHeader.id were taken before gets the identical "
				+ "acknowledgement, one whose MessageHeader.id was taken before in a new envelope the same acknowledgement in "
				+ "a new envelope, and a Bundle.id reused for another message is refused (fatal-error). The hub's own "
				+ "messages wait for their receivers' acknowledgements and are resent when none comes.");
	}
}
