package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Another hub sends the referral-accepted message about Ditte to {@code $process-message}, addressed to Aalborg's
 * family department with a copy to her GP. The hub passes it on to both, as the North Jutland agreement allows; a
 * repeat of the message (the sender never saw the answer) gets the same answer, and nothing is stored or sent twice.
 */
class InboundMessageIT extends NorthJutlandScenario {

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
		assertThat(repeat.body()).as("the identical acknowledgement, byte for byte").contains("\"code\":\"ok\"");
		OperationOutcome answer = fhirContext.newJsonParser().parseResource(Bundle.class, first.body()).getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource).filter(OperationOutcome.class::isInstance)
				.map(OperationOutcome.class::cast).findFirst().orElseThrow();
		assertThat(answer.getIssueFirstRep().getDiagnostics()).contains(messageId).contains("accepted");
		java.util.regex.Matcher storedAs = java.util.regex.Pattern.compile("stored as Bundle/([^;\\s]+)")
				.matcher(answer.getIssueFirstRep().getDiagnostics());
		assertThat(storedAs.find()).isTrue();
		Bundle stored = network.asFamilyAmbulatory.read().resource(Bundle.class).withId(storedAs.group(1)).execute();
		assertThat(stored.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(messageId);
		Bundle recent = network.asFamilyAmbulatory.search().forResource(Bundle.class)
				.where(Bundle.TYPE.exactly().code("message"))
				.and(new ca.uhn.fhir.rest.gclient.DateClientParam("_lastUpdated").afterOrEquals().millis(testStarted))
				.count(200)
				.returnBundle(Bundle.class).execute();
		assertThat(recent.getEntry()).filteredOn(entry -> ((Bundle) entry.getResource()).getEntryFirstRep().getResource()
				.getIdElement().getIdPart().equals(messageId)).as("stored once").hasSize(1);
	}

	@Autowired
	GodStartValidator validator;

	@Test
	void aMessageFromAnotherHubIsPassedOnToTheReceiversItNamesAsTheAgreementAllows() throws Exception {
		network.signAgreement();
		String messageId = UUID.randomUUID().toString();
		String cpr = MaternityNetwork.newWomanCpr();
		Bundle message = guideMessage(messageId);
		sameIdentifiersAs(message, "familieambulatoriet-nordjylland", network.familyAmbulatory);
		sameIdentifiersAs(message, "aalborg-family-department", network.aalborgFamilyDepartment);
		sameIdentifiersAs(message, "laegerne-boulevarden-aalborg", network.gpPractice);
		message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Patient.class::isInstance)
				.forEach(patient -> ((Patient) patient).getIdentifierFirstRep().setValue(cpr));
		String body = fhirContext.newJsonParser().encodeResourceToString(message);

		assertThat(post(body).statusCode()).isEqualTo(200);
		assertThat(post(body).statusCode()).isEqualTo(200);

		// the GP gets its copy for her treatment; Aalborg's waits for a legal basis here: the other hub's is not ours
		await("the GP to get its copy").atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("gp"), list -> !list.isEmpty());
		Patient woman = network.asFamilyAmbulatory.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(GodStartIg.CPR_SYSTEM, cpr))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(entry -> (Patient) entry.getResource()).findFirst().orElseThrow();
		Communication waiting = await("Aalborg's copy to wait for a legal basis").atMost(Duration.ofSeconds(20))
				.until(() -> operator.search().forResource(Communication.class)
						.where(Communication.SUBJECT.hasId("Patient/" + woman.getIdElement().getIdPart()))
						.and(Communication.RECIPIENT.hasId("Organization/" + network.aalborgFamilyDepartment.getIdElement().getIdPart()))
						.returnBundle(Bundle.class).execute().getEntry().stream().map(entry -> (Communication) entry.getResource()).toList(),
				list -> !list.isEmpty() && list.get(0).getStatus() == Communication.CommunicationStatus.ONHOLD).get(0);
		assertThat(waiting.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("no-legal-basis");
		assertThat(receiver.receivedAt("aalborg")).isEmpty();

		// her GP records her consent to Aalborg's family department here, and the operator re-drives the copy
		clientFor(null, List.of("system/*.cruds", "hub/import")).create().resource(network.consentToFamilyDepartment(woman)).execute();
		operator.operation().onInstance(waiting.getIdElement().toUnqualifiedVersionless()).named("$redeliver")
				.withNoParameters(org.hl7.fhir.r4.model.Parameters.class).returnResourceType(OperationOutcome.class).execute();

		FhirReceiver.Received atAalborg = await("Aalborg to get the message").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg"), list -> !list.isEmpty()).get(0);
		await("once each, though the message came twice").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
				.until(() -> receiver.received().size(), sent -> sent == 2);
		assertThat(atAalborg.header().getEventCoding().getCode()).isEqualTo("referral-accepted");
		assertThat(atAalborg.message().getEntry()).anySatisfy(entry -> assertThat(entry.getResource())
				.isInstanceOfSatisfying(Provenance.class, provenance -> {
					assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("forward");
					assertThat(provenance.getEntityFirstRep().getWhat().getReference()).endsWith("/MessageHeader/" + messageId);
				}));
		assertThat(GodStartValidator.errors(validator.validate(atAalborg.message(), GodStartIg.Profiles.HUB_MESSAGE)))
				.as("a forwarded message meets HubMessage too").isEmpty();

		Patient ditte = network.asAalborg.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(GodStartIg.CPR_SYSTEM, cpr))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(entry -> (Patient) entry.getResource()).findFirst().orElseThrow();
		List<Communication> notifications = operator.search().forResource(Communication.class)
				.where(Communication.SUBJECT.hasId("Patient/" + ditte.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(entry -> (Communication) entry.getResource()).toList();
		assertThat(notifications).hasSize(2).allSatisfy(notification -> {
			assertThat(notification.getAboutFirstRep().getReference()).startsWith("Bundle/");
			assertThat(notification.getSender().getReference())
					.isEqualTo("Organization/" + network.familyAmbulatory.getIdElement().getIdPart());
			assertThat(notification.hasBasedOn()).isTrue();
		});
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

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	/** The same binding as the HL7 v2 senders' certificates: a token sends only as its own organisation. */
	@Test
	void aMessageInAnotherOrganisationsNameIsRefused403AuditedAndNotStored() throws Exception {
		java.sql.Timestamp started = new java.sql.Timestamp(System.currentTimeMillis() - 1000);
		String messageId = UUID.randomUUID().toString();
		String body = fhirContext.newJsonParser().encodeResourceToString(guideMessage(messageId));

		// the test hospital's token (every scope, its own organisation) posting a message whose sender is Aalborg's
		HttpResponse<String> forged = send(request("/fhir/$process-message")
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));

		assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
		assertThat(forged.body()).contains("only in its own name");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_audit_record WHERE client = 'test-hospital' "
						+ "AND outcome <> '0' AND recorded_at >= ? AND CAST(audit_event AS text) LIKE '%403%'", Integer.class,
				started)).as("the refusal is in the audit trail").isPositive();
		HttpResponse<String> own = post(body);
		assertThat(own.statusCode()).as("nothing of the forged one was stored or remembered: the real sender's goes through")
				.isEqualTo(200);
		assertThat(own.body()).contains(messageId).contains("accepted");
	}

	/**
	 * MedCom reliable messaging at the hub's door: each message gets a HubAcknowledgement; the same envelope again (an
	 * answer lost on the way) gets the identical acknowledgement; the sender's resend (the same MessageHeader.id in a new
	 * envelope) the same acknowledgement in a new envelope, storing nothing twice; a Bundle.id reused for another
	 * message is refused with a fatal-error acknowledgement; a refusal names its problem in the acknowledgement.
	 */
	@Test
	void theHubAcknowledgesEachMessageOnceAndKeepsMedComsCacheRules() throws Exception {
		network.signAgreement();
		String messageId = UUID.randomUUID().toString();
		Bundle message = guideMessage(messageId);
		String firstEnvelope = message.getIdElement().getIdPart();
		String body = fhirContext.newJsonParser().encodeResourceToString(message);

		HttpResponse<String> first = post(body);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		Bundle acknowledgement = fhirContext.newJsonParser().parseResource(Bundle.class, first.body());
		MessageHeader ackHeader = (MessageHeader) acknowledgement.getEntryFirstRep().getResource();
		assertThat(ackHeader.getResponse().getIdentifier()).isEqualTo(messageId);
		assertThat(ackHeader.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
		assertThat(ackHeader.getEventCoding().getCode()).isEqualTo("acknowledgement-message");
		assertThat(first.body()).contains("accepted and stored as Bundle/");
		assertThat(GodStartValidator.errors(validator.validate(acknowledgement, GodStartIg.Profiles.HUB_ACKNOWLEDGEMENT)))
				.as("the hub's acknowledgement meets HubAcknowledgement").isEmpty();

		Bundle repeated = fhirContext.newJsonParser().parseResource(Bundle.class, post(body).body());
		assertThat(fhirContext.newJsonParser().encodeResourceToString(repeated))
				.as("the same envelope again: the identical acknowledgement").isEqualTo(fhirContext.newJsonParser()
						.encodeResourceToString(acknowledgement));

		message.setId(UUID.randomUUID().toString());
		Bundle resent = fhirContext.newJsonParser().parseResource(Bundle.class,
				post(fhirContext.newJsonParser().encodeResourceToString(message)).body());
		assertThat(resent.getIdElement().getIdPart()).as("a new envelope").isNotEqualTo(acknowledgement.getIdElement().getIdPart());
		assertThat(resent.getEntryFirstRep().getResource().getIdElement().getIdPart()).as("the same acknowledgement")
				.isEqualTo(ackHeader.getIdElement().getIdPart());
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_inbound_message WHERE message_id = ?", Integer.class,
				messageId)).as("taken once").isEqualTo(1);

		Bundle reusing = guideMessage(UUID.randomUUID().toString());
		reusing.setId(firstEnvelope);
		HttpResponse<String> refused = post(fhirContext.newJsonParser().encodeResourceToString(reusing));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		Bundle fatal = fhirContext.newJsonParser().parseResource(Bundle.class, refused.body());
		assertThat(((MessageHeader) fatal.getEntryFirstRep().getResource()).getResponse().getCode())
				.isEqualTo(MessageHeader.ResponseType.FATALERROR);
		assertThat(fatal.getEntry()).anySatisfy(entry -> assertThat(entry.getResource())
				.isInstanceOfSatisfying(OperationOutcome.class, outcome -> assertThat(outcome.getIssueFirstRep()
						.getDiagnostics()).contains("never reused")));
		assertThat(GodStartValidator.errors(validator.validate(fatal, GodStartIg.Profiles.HUB_ACKNOWLEDGEMENT))).isEmpty();
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
		sameIdentifiersAs(message, "familieambulatoriet-nordjylland", network.familyAmbulatory);
		// a woman of this run: the guide's own Ditte may be stored more than once by other scenarios on a shared database
		String cpr = MaternityNetwork.newWomanCpr();
		message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Patient.class::isInstance)
				.forEach(patient -> ((Patient) patient).getIdentifierFirstRep().setValue(cpr));
		return message;
	}

	/** The organisation a message entry stands for is one of ours, as far as SOR code and GLN go. */
	private static void sameIdentifiersAs(Bundle message, String exampleId, Organization ours) {
		Organization entry = message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(Organization.class::isInstance).map(Organization.class::cast)
				.filter(org -> org.getIdElement().getIdPart().equals(exampleId))
				.findFirst().orElseThrow();
		entry.getIdentifier().clear();
		for (Identifier identifier : ours.getIdentifier()) {
			if (GodStartIg.SOR_SYSTEM.equals(identifier.getSystem()) || GodStartIg.GLN_SYSTEM.equals(identifier.getSystem())) {
				entry.addIdentifier(identifier.copy());
			}
		}
	}

	private HttpResponse<String> post(String body) throws Exception {
		return send(request("/fhir/$process-message")
				.setHeader("Authorization", bearer(network.familyAmbulatoryToken))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}
}
