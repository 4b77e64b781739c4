package dk.godstart.hub.routes.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Duration;
import org.junit.jupiter.api.Test;

/** When an agreement ends and is next reviewed, as the operators' console lists them (the North Jutland one every second year). */
class AgreementCalendarTest {

	private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

	@Test
	void theNorthJutlandAgreementIsDueWhenItsReviewDateFallsWithinTheHorizon() {
		Contract contract = agreement(null);
		contract.addExtension(GodStartIg.Extensions.NEXT_REVIEW_DATE, new DateType("2027-01-15"));
		contract.addExtension(GodStartIg.Extensions.REVIEW_INTERVAL,
				new Duration().setValue(2).setSystem("http://unitsofmeasure.org").setCode("a").setUnit("years"));
		Agreement agreement = Agreement.of(contract);

		assertThat(agreement.nextReview()).contains(LocalDate.of(2027, 1, 15));
		assertThat(agreement.reviewInterval()).contains("2 years");
		assertThat(agreement.endsOn()).isEmpty();
		assertThat(agreement.endsOrIsReviewedBetween(TODAY, TODAY.plusDays(90))).isTrue();
		assertThat(agreement.endsOrIsReviewedBetween(TODAY, TODAY.plusDays(30))).as("review after 30 days").isFalse();
	}

	@Test
	void anAgreementEndingNextMonthIsDueAndOneThatEndedIsNot() {
		assertThat(Agreement.of(agreement("2027-01-02T12:00:00+01:00")).endsOn()).contains(LocalDate.of(2027, 1, 2));
		assertThat(Agreement.of(agreement(null)).startsOn()).contains(LocalDate.of(2025, 1, 1));
		assertThat(Agreement.of(agreement("2027-01-02T12:00:00+01:00")).endsOrIsReviewedBetween(TODAY, TODAY.plusDays(90)))
				.isTrue();
		assertThat(Agreement.of(agreement("2026-12-02T12:00:00+01:00")).endsOrIsReviewedBetween(TODAY, TODAY.plusDays(90)))
				.as("ended yesterday").isFalse();
		assertThat(Agreement.of(agreement("2026-12-03T00:30:00+01:00")).endsOrIsReviewedBetween(TODAY, TODAY.plusDays(90)))
				.as("ends today").isTrue();
		assertThat(Agreement.of(agreement(null)).endsOrIsReviewedBetween(TODAY, TODAY.plusDays(90)))
				.as("no end, no review date").isFalse();
	}

	private static Contract agreement(String end) {
		Contract contract = new Contract();
		contract.setId("Contract/test");
		contract.setStatus(Contract.ContractStatus.EXECUTED);
		contract.getApplies().setStartElement(new DateTimeType("2025-01-01T00:00:00+01:00"));
		if (end != null) {
			contract.getApplies().setEndElement(new DateTimeType(end));
		}
		return contract;
	}
}
