package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.delivery.Acknowledgement;
import dk.godstart.hub.routes.delivery.AcknowledgementRule;
import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.delivery.ParkReason;
import dk.godstart.hub.routes.queue.WorkState;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a receiver's acknowledgement, or its absence, does to the delivery of the message it answers. */
class AcknowledgementRuleTest {

	private static final Instant NOW = Instant.parse("2025-04-07T11:06:10Z");
	private static final AcknowledgementRule RULE = new AcknowledgementRule(
			new DeliveryProperties.Retry(Duration.ofSeconds(5), 2.0, Duration.ofHours(1), Duration.ofHours(48), 10),
			new DeliveryProperties.Acknowledgements(Duration.ofMinutes(30), 2, Duration.ofSeconds(30)));

	private static AcknowledgementRule.Standing awaiting(int attempts, int resends) {
		return new AcknowledgementRule.Standing(WorkState.DELIVERED, AcknowledgementRule.AWAITING, null, attempts, resends,
				NOW.plus(Duration.ofHours(40)));
	}

	private static Acknowledgement ack(Acknowledgement.Code code) {
		return new Acknowledgement("0c9f3a52-6f1e-4d3b-9a57-3f1d2f0b8e41", code, "error: the receiver does not know her",
				"{}");
	}

	@Test
	void anOkAcknowledgesAMessageSentOrBeingSent() {
		assertThat(RULE.decide(awaiting(1, 0), ack(Acknowledgement.Code.OK), NOW))
				.isInstanceOf(AcknowledgementRule.Acknowledged.class);
		assertThat(RULE.decide(new AcknowledgementRule.Standing(WorkState.PENDING, null, null, 1, 0, NOW.plusSeconds(60)),
				ack(Acknowledgement.Code.OK), NOW)).isInstanceOf(AcknowledgementRule.Acknowledged.class);
	}

	@Test
	void aLateOkUnparksADeliveryParkedForWantOfAnAcknowledgement() {
		AcknowledgementRule.Standing parked = new AcknowledgementRule.Standing(WorkState.PARKED, null,
				ParkReason.NO_ACKNOWLEDGEMENT.code(), 3, 2, NOW.minusSeconds(1));
		assertThat(RULE.decide(parked, ack(Acknowledgement.Code.OK), NOW))
				.isInstanceOf(AcknowledgementRule.Acknowledged.class);
	}

	@Test
	void aFatalErrorParksWithTheReceiversWords() {
		assertThat(RULE.decide(awaiting(1, 0), ack(Acknowledgement.Code.FATAL_ERROR), NOW))
				.isInstanceOfSatisfying(AcknowledgementRule.Park.class, park -> {
					assertThat(park.reason()).isEqualTo(ParkReason.REJECTED_BY_RECEIVER);
					assertThat(park.explanation()).contains("fatal-error").contains("the receiver does not know her");
				});
	}

	@Test
	void aTransientErrorIsRetriedWithTheDeliveryBackoffUntilTheWindowCloses() {
		assertThat(RULE.decide(awaiting(3, 0), ack(Acknowledgement.Code.TRANSIENT_ERROR), NOW))
				.isInstanceOfSatisfying(AcknowledgementRule.RetryAt.class,
						retry -> assertThat(retry.when()).isEqualTo(NOW.plusSeconds(20)));
		AcknowledgementRule.Standing windowClosing = new AcknowledgementRule.Standing(WorkState.DELIVERED,
				AcknowledgementRule.AWAITING, null, 3, 0, NOW.plusSeconds(10));
		assertThat(RULE.decide(windowClosing, ack(Acknowledgement.Code.TRANSIENT_ERROR), NOW))
				.isInstanceOfSatisfying(AcknowledgementRule.Park.class,
						park -> assertThat(park.reason()).isEqualTo(ParkReason.UNDELIVERABLE));
	}

	static Stream<Arguments> settled() {
		return Stream.of(
				Arguments.of("acknowledged ok before", new AcknowledgementRule.Standing(WorkState.DELIVERED, "ok", null, 1, 0,
						NOW.plusSeconds(60))),
				Arguments.of("parked rejected-by-receiver", new AcknowledgementRule.Standing(WorkState.PARKED, "fatal-error",
						ParkReason.REJECTED_BY_RECEIVER.code(), 1, 0, NOW.plusSeconds(60))),
				Arguments.of("parked no-legal-basis", new AcknowledgementRule.Standing(WorkState.PARKED, null,
						ParkReason.NO_LEGAL_BASIS.code(), 0, 0, NOW.plusSeconds(60))));
	}

	@ParameterizedTest(name = "{0}: nothing changes, whatever the code")
	@MethodSource("settled")
	void aSettledDeliveryIsNotChangedByAnyAcknowledgement(String what, AcknowledgementRule.Standing delivery) {
		for (Acknowledgement.Code code : Acknowledgement.Code.values()) {
			assertThat(RULE.decide(delivery, ack(code), NOW)).as(code.code())
					.isInstanceOf(AcknowledgementRule.Unchanged.class);
		}
	}

	@Test
	void noAcknowledgementIsResentTwiceThenParked() {
		assertThat(RULE.overdue(awaiting(1, 0))).isEqualTo(new AcknowledgementRule.Resend(1));
		assertThat(RULE.overdue(awaiting(2, 1))).isEqualTo(new AcknowledgementRule.Resend(2));
		assertThat(RULE.overdue(awaiting(3, 2))).isInstanceOfSatisfying(AcknowledgementRule.Park.class, park -> {
			assertThat(park.reason()).isEqualTo(ParkReason.NO_ACKNOWLEDGEMENT);
			assertThat(park.explanation()).contains("30 min").contains("2 resend(s)");
		});
		assertThat(RULE.dueAt(NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
	}

	@Test
	void anAcknowledgementIsReadFromAReceiversAnswerAndNothingElseIs() {
		FhirContext fhir = FhirContext.forR4Cached();
		Bundle message = new Bundle().setType(Bundle.BundleType.MESSAGE);
		MessageHeader header = new MessageHeader();
		header.setEvent(new Coding(GodStartIg.MedCom.EVENT_CODES, GodStartIg.MedCom.ACKNOWLEDGEMENT_MESSAGE, null));
		header.getResponse().setIdentifier("42").setCode(MessageHeader.ResponseType.FATALERROR)
				.setDetails(new Reference("urn:uuid:oo"));
		message.addEntry().setFullUrl("urn:uuid:h").setResource(header);
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.NOTFOUND)
				.setDiagnostics("unknown recipient");
		message.addEntry().setFullUrl("urn:uuid:oo").setResource(outcome);
		String json = fhir.newJsonParser().encodeResourceToString(message);

		assertThat(Acknowledgement.in(fhir, json)).hasValueSatisfying(read -> {
			assertThat(read.acknowledgedMessageId()).isEqualTo("42");
			assertThat(read.code()).isEqualTo(Acknowledgement.Code.FATAL_ERROR);
			assertThat(read.problem()).isEqualTo("error: unknown recipient");
		});
		assertThat(Acknowledgement.in(fhir, fhir.newJsonParser().encodeResourceToString(outcome))).isEmpty();
		assertThat(Acknowledgement.in(fhir, "{\"resourceType\":\"Bundle\",\"type\":\"message\"")).as("broken JSON").isEmpty();
		assertThat(Acknowledgement.in(fhir, null)).isEmpty();
	}
}
