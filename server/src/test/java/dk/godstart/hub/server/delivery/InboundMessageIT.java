package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.HubIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;

/**
 * Another hub sends the referral-accepted message about Ditte to {@code $process-message}, then sends it again
 * because it never saw the answer: the second time it gets the same answer and nothing more is stored.
 */
class InboundMessageIT extends HubIntegrationTest {

	@Test
	void aRepeatedMessageGetsTheFirstAnswerAndIsStoredOnce() throws Exception {
		java.util.Date testStarted = new java.util.Date(System.currentTimeMillis() - 1000);
		String messageId = UUID.randomUUID().toString();
		String body = fhirContext.newJsonParser().encodeResourceToString(guideMessage(messageId));

		HttpResponse<String> first = post(body);
		HttpResponse<String> repeat = post(body);

		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		assertThat(repeat.statusCode()).isEqualTo(200);
		assertThat(repeat.body()).isEqualTo(first.body());
		OperationOutcome answer = fhirContext.newJsonParser().parseResource(OperationOutcome.class, first.body());
		assertThat(answer.getIssueFirstRep().getDiagnostics()).contains(messageId).contains("accepted");
		String storedAs = answer.getIssueFirstRep().getDiagnostics().replaceAll(".*stored as ", "");
		Bundle stored = fhir.read().resource(Bundle.class).withId(storedAs.replace("Bundle/", "")).execute();
		assertThat(stored.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(messageId);
		Bundle recent = fhir.search().forResource(Bundle.class)
				.where(Bundle.TYPE.exactly().code("message"))
				.and(new ca.uhn.fhir.rest.gclient.DateClientParam("_lastUpdated").afterOrEquals().millis(testStarted))
				.count(200)
				.returnBundle(Bundle.class).execute();
		assertThat(recent.getEntry()).filteredOn(entry -> ((Bundle) entry.getResource()).getEntryFirstRep().getResource()
				.getIdElement().getIdPart().equals(messageId)).as("stored once").hasSize(1);
	}

	@Test
	void aMessageThatBreaksTheGuideIsRefusedWith422AndNotStored() throws Exception {
		String messageId = UUID.randomUUID().toString();
		Bundle message = guideMessage(messageId);
		message.getEntry().removeIf(entry -> entry.getResource() instanceof Provenance);

		HttpResponse<String> response = post(fhirContext.newJsonParser().encodeResourceToString(message));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).contains("hub-message-provenance-on-header").contains("nothing was stored");
		HttpResponse<String> fixed = post(fhirContext.newJsonParser().encodeResourceToString(guideMessage(messageId)));
		assertThat(fixed.statusCode()).as("a refused message id is not remembered as answered").isEqualTo(200);
	}

	private Bundle guideMessage(String messageId) {
		Bundle message = fhirContext.newJsonParser().parseResource(Bundle.class,
				GodStartIg.loadPackage().examples().get("Bundle-3e7b9c14-0d2a-4f5e-8b61-9a0c4d2e1f37.json"));
		message.setId(UUID.randomUUID().toString());
		MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
		header.setId(messageId);
		message.getEntryFirstRep().setFullUrl("https://hub.godstart.dk/fhir/MessageHeader/" + messageId);
		message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(Provenance.class::isInstance).map(Provenance.class::cast)
				.forEach(provenance -> provenance.getTargetFirstRep().setReference("MessageHeader/" + messageId));
		return message;
	}

	private HttpResponse<String> post(String body) throws Exception {
		return send(request("/fhir/$process-message")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}
}
