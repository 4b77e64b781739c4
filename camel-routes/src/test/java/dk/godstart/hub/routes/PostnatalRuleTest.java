package dk.godstart.hub.routes;

import static dk.godstart.hub.routes.AdtToFhirTest.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.adt.AdtMessage;
import dk.godstart.hub.routes.adt.AdtToFhir;
import dk.godstart.hub.routes.postnatal.PostnatalRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The birth package's right of first-time mothers: Ditte's daughter is born at 14:12; whether Ditte is owed a home
 * visit depends on when the ward sends her home, counted to the minute.
 */
class PostnatalRuleTest {

	static final String DITTE = "1403961234";
	static final String BORN = "202511241412";

	final AdtToFhir mapping = new AdtToFhir();
	final PostnatalRule rule = new PostnatalRule(Duration.ofHours(48));
	final Organization ward = stored(new Organization(), "ward");
	final Patient ditte = stored(new Patient(), "ditte");
	final EpisodeOfCare pregnancy = stored(AdtToFhirTest.pregnancy(), "pregnancy");
	final Hl7Adt admission = Hl7Adt.of("A01", DITTE, "V-1");
	final Encounter stay = stored(mapping.visit(admission.read(), Optional.empty(), ditte, ward, Optional.of(pregnancy)),
			"stay");

	PostnatalRuleTest() {
		pregnancy.addExtension(GodStartIg.Extensions.FIRST_TIME_MOTHER, new BooleanType(true));
	}

	@Test
	void homeTwentyThreeHoursFiftyNineAfterTheBirthSheIsOwedAVisitDueTwoDaysLater() {
		born("2411250001", "V-2", BORN);
		Encounter home = discharged("202511251411");

		Optional<Instant> due = rule.homeVisitDue(home, Optional.of(pregnancy));
		assertThat(due).contains(Instant.parse("2025-11-27T13:11:00Z"));

		Task visit = rule.homeVisit(home, ditte, ward, stored(new Organization(), "health-visitors"), due.orElseThrow(),
				Instant.parse("2025-11-25T13:11:05Z"));
		assertThat(visit.getMeta().hasProfile(GodStartIg.Profiles.POSTNATAL_HOME_VISIT_TASK)).isTrue();
		assertThat(visit.getCode().getCodingFirstRep().getSystem()).isEqualTo(GodStartIg.CodeSystems.HUB_TASK_CODE);
		assertThat(visit.getCode().getCodingFirstRep().getCode()).isEqualTo(GodStartIg.Codes.HubTaskCode.POSTNATAL_HOME_VISIT);
		assertThat(visit.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(visit.getIntent()).isEqualTo(Task.TaskIntent.ORDER);
		assertThat(visit.getFocus().getReference()).isEqualTo("Encounter/stay");
		assertThat(visit.getFor().getReference()).isEqualTo("Patient/ditte");
		assertThat(visit.getRequester().getReference()).isEqualTo("Organization/ward");
		assertThat(visit.getOwner().getReference()).isEqualTo("Organization/health-visitors");
		assertThat(visit.getAuthoredOn().toInstant()).as("the hub's clock").isEqualTo("2025-11-25T13:11:05Z");
		assertThat(visit.getRestriction().getPeriod().getEnd().toInstant()).isEqualTo(due.get());
	}

	@Test
	void homeTwentyFourHoursAfterTheBirthSheIsOwedNone() {
		born("2411250001", "V-2", BORN);
		assertThat(rule.homeVisitDue(discharged("202511251412"), Optional.of(pregnancy))).isEmpty();
	}

	@Test
	void twinsAreCountedFromTheFirstBirthTheHubWasToldOf() {
		born("2411250001", "V-2", BORN);
		born("2411250002", "V-3", "202511241440");

		assertThat(rule.homeVisitDue(discharged("202511251420"), Optional.of(pregnancy)))
				.as("24 h 08 after the first, though 23 h 40 after her sister").isEmpty();
		assertThat(rule.homeVisitDue(discharged("202511251411"), Optional.of(pregnancy)))
				.as("one visit for the two").contains(Instant.parse("2025-11-27T13:11:00Z"));
	}

	@Test
	void aBirthTheWardTookBackOwesNoVisit() {
		Hl7Adt wrongMother = Hl7Adt.newborn("A01", "2411250001", "V-2", BORN, DITTE);
		Encounter childsVisit = born(wrongMother);
		AdtMessage cancelled = wrongMother.then("A11").read();
		mapping.visit(cancelled, Optional.of(childsVisit), stored(new Patient(), "child"), ward, Optional.of(pregnancy));
		assertThat(mapping.birth(cancelled, childsVisit)).isEqualTo(AdtToFhir.Birth.CANCELLED);
		assertThat(mapping.anotherChildStands(childsVisit, java.util.List.of(childsVisit))).isFalse();
		mapping.deliveryTakenBack(stay);

		assertThat(rule.homeVisitDue(discharged("202511241700"), Optional.of(pregnancy))).isEmpty();
	}

	@Test
	void aMotherWhoHasGivenBirthBeforeIsOwedNoneByThisRule() {
		born("2411250001", "V-2", BORN);
		Encounter home = discharged("202511241800");

		pregnancy.getExtensionByUrl(GodStartIg.Extensions.FIRST_TIME_MOTHER).setValue(new BooleanType(false));
		assertThat(rule.homeVisitDue(home, Optional.of(pregnancy))).isEmpty();
		pregnancy.getExtension().clear();
		assertThat(rule.homeVisitDue(home, Optional.of(pregnancy))).as("nobody said she is a first-time mother").isEmpty();
		assertThat(rule.homeVisitDue(home, Optional.empty())).as("no pregnancy the hub follows").isEmpty();
	}

	@Test
	void aStayThatIsNoDeliveryOrHasNotEndedOwesNone() {
		assertThat(rule.homeVisitDue(discharged("202511241800"), Optional.of(pregnancy))).as("no birth").isEmpty();
		born("2411250001", "V-2", BORN);
		Encounter back = mapping.visit(admission.then("A13").read(), Optional.of(stay), ditte, ward, Optional.of(pregnancy));
		assertThat(rule.homeVisitDue(back, Optional.of(pregnancy))).as("her discharge taken back").isEmpty();
	}

	/** Ditte's child, born at {@code time}: admitted, and the birth marked on Ditte's stay. */
	private Encounter born(String cpr, String visit, String time) {
		return born(Hl7Adt.newborn("A01", cpr, visit, time, DITTE));
	}

	private Encounter born(Hl7Adt message) {
		AdtMessage birth = message.read();
		Encounter childsVisit = stored(mapping.visit(birth, Optional.empty(), stored(new Patient(), "child"), ward,
				Optional.of(pregnancy)), "child-" + birth.visit().number());
		assertThat(mapping.birth(birth, childsVisit)).isEqualTo(AdtToFhir.Birth.BORN);
		mapping.delivery(birth, childsVisit, Optional.of(stay));
		return childsVisit;
	}

	/** Ditte's discharge at {@code time} (Danish time), as it changes her stay. */
	private Encounter discharged(String time) {
		return mapping.visit(admission.then("A03").discharged(time).read(), Optional.of(stay), ditte, ward,
				Optional.of(pregnancy));
	}
}
