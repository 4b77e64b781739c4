package dk.godstart.hub.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.HubIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/** A developer at an EHR vendor checks a referral with $validate before going live. */
class ValidateOperationIT extends HubIntegrationTest {

	private final String dittesReferral = GodStartIg.loadPackage().examples().get("ServiceRequest-ditte-referral.json");

	@Test
	void aConformantReferralValidatesWithoutErrors() throws Exception {
		HttpResponse<String> response = validate("/fhir/ServiceRequest/$validate", dittesReferral);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssue()).noneMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
	}

	@Test
	void aReferralWithoutAReasonGetsTheErrorNamed() throws Exception {
		String withoutReason = dittesReferral.replace("\"reasonCode\"", "\"reasonCodeMissing\"");

		HttpResponse<String> response = validate("/fhir/ServiceRequest/$validate", withoutReason);

		assertThat(response.body()).contains("\"resourceType\"").contains("ServiceRequest.reasonCode");
		assertThat(response.body()).containsPattern("\"severity\"\\s*:\\s*\"error\"");
	}

	@Test
	void aPlainPatientIsCheckedAgainstTheProfileNamedInTheRequest() throws Exception {
		String plain = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Hansen\"}]}";

		HttpResponse<String> withoutProfile = validate("/fhir/Patient/$validate", plain);
		HttpResponse<String> withProfile = validate("/fhir/Patient/$validate?profile=" + GodStartIg.Profiles.PATIENT, plain);

		assertThat(withoutProfile.statusCode()).isEqualTo(200);
		assertThat(withProfile.body()).contains("Patient.identifier");
	}

	private HttpResponse<String> validate(String path, String body) throws Exception {
		return send(request(path)
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}
}
