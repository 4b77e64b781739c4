package dk.godstart.hub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorMaskingTest {

	private final ErrorMasking masking = new ErrorMasking();
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
}
