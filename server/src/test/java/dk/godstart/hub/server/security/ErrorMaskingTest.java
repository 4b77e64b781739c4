package dk.godstart.hub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dk.godstart.hub.server.fhir.StoreFailureAnswers;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class ErrorMaskingTest {

	private final ErrorMasking masking =
			new ErrorMasking(new StoreFailureAnswers(FhirContext.forR4Cached(), Duration.ofSeconds(5)));
	private final SystemRequestDetails request = new SystemRequestDetails();

	@Test
	void anUnexpectedFailureIsAnswered500WithAnIncidentNumberAndNothingOfTheException() {
		BaseServerResponseException answer = masking.mask(request,
				new IllegalStateException("org.postgresql: relation hfj_resource, pid 4711, at dk.godstart.Secret"));
		assertThat(answer.getStatusCode()).isEqualTo(500);
		assertThat(answer.getMessage()).contains("Incident").doesNotContain("hfj_resource").doesNotContain("4711")
				.doesNotContain("dk.godstart");
	}

	@Test
	void aUniqueKeyCollisionIsA409ThatDoesNotQuoteTheSql() {
		BaseServerResponseException answer = masking.mask(request, new ResourceVersionConflictException(
				"HAPI-0550: could not execute batch [insert into hfj_res_search_url (res_id) values (1704)]"));
		assertThat(answer.getStatusCode()).isEqualTo(409);
		assertThat(answer.getMessage()).doesNotContain("hfj_").doesNotContain("insert").contains("Retry");
	}

	@Test
	void anUpdateOfAVersionThatIsNoLongerCurrentIsA409ThatSaysSo() {
		BaseServerResponseException answer = masking.mask(request, new ResourceVersionConflictException(
				"HAPI-0550: HAPI-0989: Trying to update Endpoint/7/_history/1 but this is not the current version"));
		assertThat(answer.getStatusCode()).isEqualTo(409);
		assertThat(answer.getMessage()).contains("Read it again").doesNotContain("at the same time");
	}

	@Test
	void aClientErrorIsLeftAsItIsAndARefusalWrappedAtCommitIsAnsweredAsItself() {
		assertThat(masking.mask(request, new InvalidRequestException("missing CPR"))).isNull();
		ForbiddenOperationException refusal = new ForbiddenOperationException("may not see Patient/1");
		BaseServerResponseException answer = masking.mask(request, new RuntimeException("commit failed", refusal));
		assertThat(answer).isSameAs(refusal);
	}

	@Test
	void aBodyCutOffByTheSizeLimitIsA413() {
		BaseServerResponseException answer = masking.mask(request,
				new RuntimeException(new IOException(new RequestSizeLimitFilter.RequestTooLargeException(10))));
		assertThat(answer.getStatusCode()).isEqualTo(413);
	}

	@Test
	void aStoreThatIsAwayIsA503WithRetryAfterAndAnOperationOutcome() {
		// as Spring's transaction manager reports HikariCP's pool timeout while PostgreSQL is stopped
		BaseServerResponseException answer = masking.mask(request, new CannotCreateTransactionException(
				"Could not open JPA EntityManager for transaction", new SQLTransientConnectionException(
						"godstart - Connection is not available, request timed out after 2000ms",
						new SQLException("Connection to 127.0.0.1:5432 refused", "08001"))));
		assertThat(answer.getStatusCode()).isEqualTo(503);
		assertThat(answer.getResponseHeaders()).containsEntry("Retry-After", java.util.List.of("5"));
		OperationOutcome outcome = (OperationOutcome) answer.getOperationOutcome();
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.NOSTORE);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("unavailable").contains("not completed")
				.doesNotContain("5432").doesNotContain("Hikari");
	}

	@Test
	void aStoreShuttingDownUnderARequestIsA503() {
		BaseServerResponseException answer = masking.mask(request, new CannotGetJdbcConnectionException("no connection",
				new SQLException("terminating connection due to administrator command", "57P01")));
		assertThat(answer.getStatusCode()).isEqualTo(503);
	}

	@Test
	void aFullDiskIsA507() {
		BaseServerResponseException answer = masking.mask(request, new RuntimeException(new SQLException(
				"could not extend file \"base/16384/2619\": No space left on device", "53100")));
		assertThat(answer.getStatusCode()).isEqualTo(507);
		assertThat(answer.getResponseHeaders()).containsKey("Retry-After");
	}

	@Test
	void otherSqlFailuresStay500WithAnIncidentNumber() {
		BaseServerResponseException answer = masking.mask(request,
				new RuntimeException(new SQLException("syntax error at or near \"SELEC\"", "42601")));
		assertThat(answer.getStatusCode()).isEqualTo(500);
		assertThat(answer.getMessage()).contains("Incident");
	}
}
