package dk.godstart.hub.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import dk.godstart.hub.routes.store.StoreFailure;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * How the REST endpoint answers a {@link StoreFailure}, wherever it is met (inside HAPI or in a filter before it):
 * {@code 503 Service Unavailable} while the store is away, {@code 507 Insufficient Storage} while it is full, each
 * with {@code Retry-After} and an OperationOutcome of type {@code no-store} saying that the request was not completed.
 * Both are temporary: the same request, sent again, is answered normally once the store is back. (A transaction is
 * stored whole or not at all; a failure after its commit, e.g. while answering, is rare, and the client's retry of a
 * conditional create finds what was stored instead of storing it twice.)
 */
public class StoreFailureAnswers {

	public static final int INSUFFICIENT_STORAGE = 507;

	private final FhirContext fhirContext;
	private final Duration retryAfter;

	public StoreFailureAnswers(FhirContext fhirContext, Duration retryAfter) {
		this.fhirContext = fhirContext;
		this.retryAfter = retryAfter;
	}

	public static int status(StoreFailure failure) {
		return switch (failure) {
			case UNAVAILABLE -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
			case FULL -> INSUFFICIENT_STORAGE;
		};
	}

	/** The seconds a client is told to wait before it sends the request again. */
	public String retryAfterSeconds() {
		return Long.toString(Math.max(1, retryAfter.toSeconds()));
	}

	public OperationOutcome outcome(StoreFailure failure) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.NOSTORE)
				.setDiagnostics(failure.description() + ": the request was not completed (what it changes is stored "
						+ "entirely or not at all). Send it again in " + retryAfterSeconds() + " s (Retry-After); a "
						+ "conditional create or a message with the same id is not stored twice.");
		return outcome;
	}

	/** For HAPI's exception pointcuts: the answer as HAPI writes it. */
	public BaseServerResponseException exception(StoreFailure failure) {
		OperationOutcome outcome = outcome(failure);
		UnclassifiedServerFailureException answer = new UnclassifiedServerFailureException(
				status(failure), outcome.getIssueFirstRep().getDiagnostics(), outcome);
		answer.addResponseHeader("Retry-After", retryAfterSeconds());
		return answer;
	}

	/** For servlet filters: writes the answer unless the response is already on its way. */
	public boolean write(HttpServletResponse response, StoreFailure failure) throws IOException {
		if (response.isCommitted()) {
			return false;
		}
		response.resetBuffer();
		response.setStatus(status(failure));
		response.setHeader("Retry-After", retryAfterSeconds());
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(outcome(failure)));
		return true;
	}
}
