package dk.godstart.hub.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dk.godstart.hub.routes.store.StoreFailure;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import dk.godstart.hub.server.fhir.StoreFailureAnswers;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server's insides out of its answers: an unexpected failure is answered 500 with an incident number that
 * is also in the log beside the full exception, never with the exception's own message (which may name tables,
 * classes or internal ids). A client error wrapped in another exception (a refusal thrown while a transaction
 * commits, say) is answered as itself; a body cut off by the size limit is answered 413. A store that is away or
 * full is answered 503/507 with {@code Retry-After} ({@link StoreFailureAnswers}), not 500: the request was fine and
 * is answered normally when sent again.
 */
@Interceptor
public class ErrorMasking implements HubServerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(ErrorMasking.class);

	private final StoreFailureAnswers storeFailures;

	public ErrorMasking(StoreFailureAnswers storeFailures) {
		this.storeFailures = storeFailures;
	}

	/** HAPI words a unique-key collision (HAPI-0550) with the SQL statement and the table's key. */
	private static boolean revealsTheDatabase(ResourceVersionConflictException conflict) {
		String message = String.valueOf(conflict.getMessage());
		return message.contains("HAPI-0550") || message.contains("SQL") || message.contains("constraint");
	}

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException mask(RequestDetails request, Throwable exception) {
		if (request instanceof ServletRequestDetails servlet
				&& Boolean.TRUE.equals(servlet.getServletRequest().getAttribute(RequestSizeLimitFilter.CUT_OFF))) {
			return new PayloadTooLargeException("The request body is larger than this server accepts.");
		}
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimitFilter.RequestTooLargeException tooLarge) {
				return new PayloadTooLargeException(tooLarge.getMessage());
			}
		}
		Optional<StoreFailure> storeFailure = StoreFailure.of(exception);
		if (storeFailure.isPresent()) {
			log.warn("{} {} answered {}: {}", request.getRequestType(), request.getCompleteUrl(),
					StoreFailureAnswers.status(storeFailure.get()), storeFailure.get().description());
			return storeFailures.exception(storeFailure.get());
		}
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof ResourceVersionConflictException stale && String.valueOf(stale.getMessage()).contains("HAPI-0989")) {
				return new ResourceVersionConflictException("The resource has changed since the version this update names "
						+ "(If-Match or meta.versionId); nothing was stored. Read it again and make the change to the current version.");
			}
			if (cause instanceof ResourceVersionConflictException conflict && revealsTheDatabase(conflict)) {
				String incident = UUID.randomUUID().toString();
				log.warn("Incident {}: {} {} collided with a concurrent write", incident, request.getRequestType(),
						request.getCompleteUrl(), conflict);
				return new ResourceVersionConflictException("Another request created or changed the same resource at the "
						+ "same time; nothing of this request was stored. Retry it. (Incident " + incident + ")");
			}
			if (cause instanceof BaseServerResponseException answer && answer.getStatusCode() < 500) {
				return cause == exception ? null : answer;
			}
			if (cause instanceof DataFormatException) {
				return null;
			}
		}
		String incident = UUID.randomUUID().toString();
		log.error("Incident {}: {} {} failed", incident, request.getRequestType(), request.getCompleteUrl(), exception);
		return new InternalErrorException("The server could not complete this request. Incident " + incident
				+ " is in its log.");
	}
}
