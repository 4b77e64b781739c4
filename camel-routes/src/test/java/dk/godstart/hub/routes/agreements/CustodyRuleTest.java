package dk.godstart.hub.routes.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may consent for Janni's child, and for Janni: she herself when of age, a holder of custody for a child under 15,
 * either from 15 until 18; a refusal speaks whoever records it.
 */
class CustodyRuleTest {

	static final LocalDate GIVEN = LocalDate.of(2026, 11, 2);

	/** The holders of custody recorded for the child: Janni (from the birth), and a former foster parent (ended). */
	static final RelatedPerson JANNI_HOLDS_CUSTODY = holder("janni-custody", "Patient/child", LocalDate.of(2026, 10, 30), null);
	static final RelatedPerson ENDED = holder("foster-custody", "Patient/child", LocalDate.of(2026, 10, 30), LocalDate.of(2026, 11, 1));
	static final RelatedPerson NOT_YET = holder("later-custody", "Patient/child", LocalDate.of(2026, 11, 20), null);
	static final RelatedPerson OF_ANOTHER_CHILD = holder("other-custody", "Patient/other-child", LocalDate.of(2020, 1, 1), null);
	static final RelatedPerson PARTNER = related("partner", "Patient/child", GodStartIg.Codes.RelatedPersonRole.PARTNER);
	static final RelatedPerson INACTIVE = holder("inactive-custody", "Patient/child", LocalDate.of(2026, 10, 30), null).setActive(false);

	static Stream<Arguments> cases() {
		return Stream.of(
				// who is consented for, her age on the consent's date, who gave it, whether it stands
				Arguments.of("a newborn, by Janni who holds custody", 0, "RelatedPerson/janni-custody", true),
				Arguments.of("a newborn, by her boyfriend, who does not", 0, "RelatedPerson/partner", false),
				Arguments.of("a newborn, by a holder whose custody ended the day before", 0, "RelatedPerson/foster-custody", false),
				Arguments.of("a newborn, by a holder whose custody begins later", 0, "RelatedPerson/later-custody", false),
				Arguments.of("a newborn, by the holder of another child's custody", 0, "RelatedPerson/other-custody", false),
				Arguments.of("a newborn, by a holder recorded inactive", 0, "RelatedPerson/inactive-custody", false),
				Arguments.of("a newborn, 'by herself'", 0, "Patient/child", false),
				Arguments.of("a child of 14, by herself", 14, "Patient/child", false),
				Arguments.of("a child of 14, by the holder of custody", 14, "RelatedPerson/janni-custody", true),
				Arguments.of("a young woman of 15, by herself", 15, "Patient/child", true),
				Arguments.of("a young woman of 17, by the holder of custody", 17, "RelatedPerson/janni-custody", true),
				Arguments.of("a woman of 18, by herself", 18, "Patient/child", true),
				Arguments.of("a woman of 18, by her former holder of custody", 18, "RelatedPerson/janni-custody", false),
				Arguments.of("a woman of unknown age, by herself", -1, "Patient/child", true),
				Arguments.of("a woman of unknown age, by a holder of custody", -1, "RelatedPerson/janni-custody", false),
				Arguments.of("a consent naming no one", 0, null, false));
	}

	@ParameterizedTest(name = "{0}: stands = {3}")
	@MethodSource("cases")
	void aConsentStandsOnlyWhenGivenByWhoMay(String scenario, int age, String performer, boolean stands) {
		Patient subject = aged(age);
		Consent consent = consent(Consent.ConsentState.ACTIVE, performer);

		assertThat(CustodyRule.whyNot(consent, subject, () -> List.of(JANNI_HOLDS_CUSTODY, ENDED, NOT_YET, OF_ANOTHER_CHILD,
				PARTNER, INACTIVE)).isEmpty()).as(scenario).isEqualTo(stands);
	}

	@Test
	void theAnswerSaysWhoWasMissing() {
		assertThat(CustodyRule.whyNot(consent(Consent.ConsentState.ACTIVE, "RelatedPerson/partner"), aged(0),
				() -> List.of(JANNI_HOLDS_CUSTODY, PARTNER)))
				.hasValueSatisfying(why -> assertThat(why).contains("Consent/c1", "child of 0", "holder of her custody",
						"2026-11-02", "under 15"));
		assertThat(CustodyRule.whyNot(consent(Consent.ConsentState.ACTIVE, "RelatedPerson/janni-custody"), aged(30),
				() -> List.of(JANNI_HOLDS_CUSTODY)))
				.hasValueSatisfying(why -> assertThat(why).contains("not given by her herself (Patient/child)"));
	}

	@Test
	void aRefusalOrWithdrawalSpeaksWhoeverRecordsIt() {
		for (Consent.ConsentState status : List.of(Consent.ConsentState.REJECTED, Consent.ConsentState.INACTIVE)) {
			assertThat(CustodyRule.whyNot(consent(status, "RelatedPerson/partner"), aged(0), List::of)).as(status.toCode()).isEmpty();
		}
	}

	@Test
	void theHoldersAreReadOnlyWhenAConsentNeedsThemAndOnce() {
		AtomicInteger reads = new AtomicInteger();
		java.util.function.Supplier<List<RelatedPerson>> holders = CustodyRule.once(() -> {
			reads.incrementAndGet();
			return List.of(JANNI_HOLDS_CUSTODY);
		});
		assertThat(CustodyRule.whyNot(consent(Consent.ConsentState.ACTIVE, "Patient/child"), aged(30), holders)).isEmpty();
		assertThat(reads).as("she consented herself: no holder read").hasValue(0);
		CustodyRule.whyNot(consent(Consent.ConsentState.ACTIVE, "RelatedPerson/janni-custody"), aged(0), holders);
		CustodyRule.whyNot(consent(Consent.ConsentState.ACTIVE, "RelatedPerson/janni-custody"), aged(0), holders);
		assertThat(reads).hasValue(1);
	}

	private static Patient aged(int years) {
		Patient subject = new Patient();
		subject.setId("child");
		if (years >= 0) {
			// born the day after the date 'years' years before: the consent's date is just before a birthday
			subject.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(GIVEN.minusYears(years + 1L).plusDays(1).toString()));
		}
		return subject;
	}

	private static Consent consent(Consent.ConsentState status, String performer) {
		Consent consent = new Consent();
		consent.setId("c1");
		consent.setStatus(status);
		consent.setDateTime(date(GIVEN));
		consent.setPatient(new Reference("Patient/child"));
		if (performer != null) {
			consent.addPerformer(new Reference(performer));
		}
		return consent;
	}

	private static RelatedPerson holder(String id, String patient, LocalDate from, LocalDate to) {
		RelatedPerson holder = related(id, patient, GodStartIg.Codes.RelatedPersonRole.CUSTODY_HOLDER);
		holder.getPeriod().setStart(date(from));
		if (to != null) {
			holder.getPeriod().setEnd(date(to));
			holder.getPeriod().getEndElement().setPrecision(ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY);
		}
		return holder;
	}

	private static RelatedPerson related(String id, String patient, String role) {
		RelatedPerson person = new RelatedPerson();
		person.setId(id);
		person.setPatient(new Reference(patient));
		person.addRelationship(new CodeableConcept(new Coding(GodStartIg.CodeSystems.RELATED_PERSON_ROLE, role, null)));
		return person;
	}

	private static Date date(LocalDate day) {
		return Date.from(day.atStartOfDay(ZoneId.of("Europe/Copenhagen")).toInstant());
	}
}
