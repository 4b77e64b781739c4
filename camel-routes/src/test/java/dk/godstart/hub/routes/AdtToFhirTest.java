package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.adt.AdtMessage;
import dk.godstart.hub.routes.adt.AdtRejection;
import dk.godstart.hub.routes.adt.AdtToFhir;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * What the maternity ward's ADT messages become in the hub: Ditte's stay, her daughter's birth marked on it, and
 * what is taken back when the ward says a message was sent in error.
 */
class AdtToFhirTest {

	static final String DITTE = "1403961234";

	final AdtToFhir mapping = new AdtToFhir();
	final Organization ward = stored(new Organization(), "ward");
	final Patient ditte = stored(mapping.person(Hl7Adt.of("A01", DITTE, "V-1").read(), Optional.empty()).orElseThrow(),
			"ditte");
	final EpisodeOfCare pregnancy = stored(pregnancy(), "pregnancy");

	@Test
	void aWomanTheHubDoesNotKnowBecomesKnownByHerCprNumber() {
		Patient woman = mapping.person(Hl7Adt.of("A01", "0101904321", "V-1").read(), Optional.empty()).orElseThrow();

		assertThat(woman.getMeta().hasProfile(GodStartIg.Profiles.PATIENT)).isTrue();
		assertThat(woman.getIdentifierFirstRep().getSystem()).isEqualTo(GodStartIg.CPR_SYSTEM);
		assertThat(woman.getIdentifierFirstRep().getValue()).isEqualTo("0101904321");
		assertThat(woman.getNameFirstRep().getNameAsSingleString()).isEqualTo("Ditte Jensen");
		assertThat(woman.getGender().toCode()).isEqualTo("female");
		assertThat(((CodeableConcept) woman.getAddressFirstRep().getExtensionByUrl(GodStartIg.MUNICIPALITY_CODE_EXTENSION)
				.getValue()).getCodingFirstRep().getCode()).as("her home municipality, Aalborg").isEqualTo("0851");
	}

	@Test
	void aKnownWomanStaysAsTheHubHasHerUntilTheWardUpdatesHer() {
		Hl7Adt admission = Hl7Adt.of("A01", DITTE, "V-1").name("Jensen", "Ditte Marie");

		assertThat(mapping.person(admission.read(), Optional.of(ditte))).as("an admission changes nothing of her").isEmpty();
		Optional<Patient> updated = mapping.person(admission.then("A08").read(), Optional.of(ditte));
		assertThat(updated).containsSame(ditte);
		assertThat(ditte.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Ditte Marie");
		assertThat(ditte.getIdentifier()).as("still one CPR number").hasSize(1);
	}

	@Test
	void herAdmissionIsAStayInProgressAtTheWardInHerPregnancy() {
		Encounter stay = mapping.visit(Hl7Adt.of("A01", DITTE, "V-1").read(), Optional.empty(), ditte, ward,
				Optional.of(pregnancy));

		assertThat(stay.getIdentifierFirstRep().getSystem()).isEqualTo(AdtToFhir.VISIT_NUMBER_SYSTEM + Hl7Adt.WARD);
		assertThat(stay.getIdentifierFirstRep().getValue()).isEqualTo("V-1");
		assertThat(stay.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
		assertThat(stay.getClass_().getCode()).isEqualTo("IMP");
		assertThat(stay.getSubject().getReference()).isEqualTo("Patient/ditte");
		assertThat(stay.getServiceProvider().getReference()).isEqualTo("Organization/ward");
		assertThat(stay.getPeriod().getStart().toInstant().toString()).as("08:00 Danish time")
				.isEqualTo("2025-11-24T07:00:00Z");
		assertThat(stay.getLocationFirstRep().getLocation().getDisplay()).isEqualTo("FOED / 101 / 1");
		assertThat(stay.getEpisodeOfCare()).extracting(episode -> episode.getReference())
				.containsExactly("EpisodeOfCare/pregnancy");
		EpisodeOfCare familyAmbulatory = new EpisodeOfCare();
		familyAmbulatory.addType(new CodeableConcept(new Coding(GodStartIg.CodeSystems.EPISODE_TYPE, "family-ambulatory", null)));
		assertThat(AdtToFhir.pregnancy(List.of(familyAmbulatory, pregnancy))).as("her pregnancy among her episodes")
				.containsSame(pregnancy);
	}

	@Test
	void herStayGoesOnLeaveComesBackAndEndsWithHerDischarge() {
		Hl7Adt admission = Hl7Adt.of("A01", DITTE, "V-1");
		Encounter stay = firstVisit(admission, ditte, "stay");

		assertThat(visit(admission.then("A21"), stay).getStatus()).isEqualTo(Encounter.EncounterStatus.ONLEAVE);
		assertThat(visit(admission.then("A22"), stay).getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
		Encounter home = visit(admission.then("A03").discharged("202511251000"), stay);
		assertThat(home.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
		assertThat(home.getPeriod().getEnd().toInstant().toString()).isEqualTo("2025-11-25T09:00:00Z");
		assertThat(home.getHospitalization().hasDischargeDisposition()).isFalse();
		assertThat(home.getEpisodeOfCare()).as("her pregnancy once, however many messages").hasSize(1);
		assertThat(visit(admission.then("A08"), stay).getStatus()).as("an update after the discharge leaves it finished")
				.isEqualTo(Encounter.EncounterStatus.FINISHED);

		Encounter back = visit(admission.then("A13"), stay);
		assertThat(back.getStatus()).as("the discharge taken back").isEqualTo(Encounter.EncounterStatus.INPROGRESS);
		assertThat(back.getPeriod().hasEnd()).isFalse();
	}

	@Test
	void aDeathInHospitalEndsTheStayAsExpired() {
		Hl7Adt admission = Hl7Adt.of("A01", DITTE, "V-1").patientClass("E");
		Encounter stay = firstVisit(admission, ditte, "stay");
		assertThat(stay.getClass_().getCode()).as("an emergency visit").isEqualTo("EMER");

		Encounter ended = visit(admission.then("A03").discharged("202511251000").died(), stay);
		assertThat(ended.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
		assertThat(ended.getHospitalization().getDischargeDisposition().getCodingFirstRep().getCode()).isEqualTo("exp");
	}

	@Test
	void anAdmissionCancelledBeforeTheHubHeardOfItIsRefused() {
		for (String cancel : List.of("A11", "A13")) {
			AdtMessage cancellation = Hl7Adt.of(cancel, DITTE, "V-9").read();
			assertThatThrownBy(() -> mapping.visit(cancellation, Optional.empty(), ditte, ward, Optional.of(pregnancy)))
					.isInstanceOfSatisfying(AdtRejection.class, refused -> {
						assertThat(refused.acknowledgment()).isEqualTo(AcknowledgmentCode.AE);
						assertThat(refused.errorCode()).isEqualTo(ErrorCode.UNKNOWN_KEY_IDENTIFIER);
						assertThat(refused.getMessage()).contains("PV1-19").contains(cancel).contains("V-9");
					});
		}
	}

	@Test
	void herDaughtersAdmissionMakesHerStayTheDelivery() {
		Encounter stay = firstVisit(Hl7Adt.of("A01", DITTE, "V-1"), ditte, "stay");
		Hl7Adt born = Hl7Adt.newborn("A01", "2411250001", "V-2", "202511241412", DITTE);
		AdtMessage birth = born.read();
		Patient daughter = stored(mapping.person(birth, Optional.empty()).orElseThrow(), "daughter");
		Encounter childsVisit = firstVisit(born, daughter, "child");

		assertThat(mapping.birth(birth, childsVisit)).isEqualTo(AdtToFhir.Birth.BORN);
		Encounter delivery = mapping.delivery(birth, childsVisit, Optional.of(stay));

		assertThat(delivery).isSameAs(stay);
		assertThat(AdtToFhir.isDelivery(delivery)).isTrue();
		assertThat(deliveryTime(delivery)).as("14:12 Danish time").isEqualTo("2025-11-24T13:12:00Z");
		assertThat(childsVisit.getPartOf().getReference()).isEqualTo("Encounter/stay");
		assertThat(childsVisit.getEpisodeOfCareFirstRep().getReference()).as("her mother's pregnancy")
				.isEqualTo("EpisodeOfCare/pregnancy");
		assertThat(daughter.getBirthDateElement().getExtensionByUrl(
				"http://hl7.org/fhir/StructureDefinition/patient-birthTime")).isNotNull();
		assertThat(mapping.birth(born.then("A03").discharged("202511251030").read(), childsVisit))
				.as("the child's own discharge says nothing new about the delivery").isEqualTo(AdtToFhir.Birth.NONE);
		assertThat(mapping.birth(Hl7Adt.of("A01", DITTE, "V-1").read(), stay)).as("not a newborn")
				.isEqualTo(AdtToFhir.Birth.NONE);
	}

	@Test
	void twinsShareTheDeliveryWhichKeepsTheFirstBirthTheHubWasToldOf() {
		Encounter stay = firstVisit(Hl7Adt.of("A01", DITTE, "V-1"), ditte, "stay");
		Encounter first = born(Hl7Adt.newborn("A01", "2411250001", "V-2", "202511241412", DITTE), "first", stay);
		Encounter second = born(Hl7Adt.newborn("A01", "2411250002", "V-3", "202511241431", DITTE), "second", stay);

		assertThat(List.of(first, second)).extracting(child -> child.getPartOf().getReference())
				.containsExactly("Encounter/stay", "Encounter/stay");
		assertThat(stay.getType()).as("one delivery").hasSize(1);
		assertThat(stay.getExtension()).hasSize(1);
		assertThat(deliveryTime(stay)).isEqualTo("2025-11-24T13:12:00Z");
	}

	@Test
	void aBirthWithoutHerStayAtTheWardIsRefused() {
		AdtMessage birth = Hl7Adt.newborn("A01", "2411250001", "V-2", "202511241412", DITTE).read();
		Encounter childsVisit = stored(mapping.visit(birth, Optional.empty(), stored(new Patient(), "daughter"), ward,
				Optional.empty()), "child");

		assertThatThrownBy(() -> mapping.mother(birth, Optional.empty()))
				.isInstanceOfSatisfying(AdtRejection.class, refused -> assertThat(refused.getMessage())
						.contains("PID-21").contains(DITTE).contains("not known"));
		assertThatThrownBy(() -> mapping.delivery(birth, childsVisit, Optional.empty()))
				.isInstanceOfSatisfying(AdtRejection.class, refused -> assertThat(refused.getMessage())
						.contains("no current admission at " + Hl7Adt.WARD));
		assertThat(childsVisit.hasPartOf()).isFalse();
	}

	@Test
	void aBirthSentInErrorIsTakenBackUnlessHerTwinsStayStands() {
		Encounter stay = firstVisit(Hl7Adt.of("A01", DITTE, "V-1"), ditte, "stay");
		Hl7Adt firstBorn = Hl7Adt.newborn("A01", "2411250001", "V-2", "202511241412", DITTE);
		Hl7Adt secondBorn = Hl7Adt.newborn("A01", "2411250002", "V-3", "202511241431", DITTE);
		Encounter first = born(firstBorn, "first", stay);
		Encounter second = born(secondBorn, "second", stay);

		AdtMessage firstCancelled = firstBorn.then("A11").read();
		first = visit(firstCancelled, first);
		assertThat(first.getStatus()).isEqualTo(Encounter.EncounterStatus.CANCELLED);
		assertThat(mapping.birth(firstCancelled, first)).isEqualTo(AdtToFhir.Birth.CANCELLED);
		assertThat(mapping.anotherChildStands(first, List.of(first, second))).as("her twin's stay stands").isTrue();

		AdtMessage secondCancelled = secondBorn.then("A11").read();
		second = visit(secondCancelled, second);
		assertThat(mapping.anotherChildStands(second, List.of(first, second))).isFalse();
		assertThat(mapping.deliveryTakenBack(stay)).containsSame(stay);
		assertThat(AdtToFhir.isDelivery(stay)).isFalse();
		assertThat(stay.getExtensionByUrl(GodStartIg.Extensions.DELIVERY_TIME)).isNull();
		assertThat(mapping.deliveryTakenBack(stay)).as("nothing left to take back").isEmpty();
	}

	/** The child's admission as the store handles it: her visit stored, then the birth marked on her mother's stay. */
	private Encounter born(Hl7Adt admission, String id, Encounter mothersStay) {
		AdtMessage birth = admission.read();
		Patient child = stored(mapping.person(birth, Optional.empty()).orElseThrow(), id + "-child");
		Encounter visit = firstVisit(admission, child, id);
		assertThat(mapping.birth(birth, visit)).isEqualTo(AdtToFhir.Birth.BORN);
		mapping.delivery(birth, visit, Optional.of(mothersStay));
		return visit;
	}

	/** A visit the hub had not heard of, as the store writes it. */
	private Encounter firstVisit(Hl7Adt message, Patient person, String id) {
		return stored(mapping.visit(message.read(), Optional.empty(), person, ward, Optional.of(pregnancy)), id);
	}

	private Encounter visit(Hl7Adt message, Encounter known) {
		return visit(message.read(), known);
	}

	private Encounter visit(AdtMessage message, Encounter known) {
		Patient person = stored(new Patient(), known.getSubject().getReferenceElement().getIdPart());
		Encounter changed = mapping.visit(message, Optional.of(known), person, ward, Optional.of(pregnancy));
		assertThat(changed).as("the stored visit, changed").isSameAs(known);
		return changed;
	}

	private static String deliveryTime(Encounter stay) {
		return ((DateTimeType) stay.getExtensionByUrl(GodStartIg.Extensions.DELIVERY_TIME).getValue()).getValue().toInstant().toString();
	}

	static EpisodeOfCare pregnancy() {
		EpisodeOfCare pregnancy = new EpisodeOfCare();
		pregnancy.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
		pregnancy.addType(new CodeableConcept(new Coding(GodStartIg.CodeSystems.EPISODE_TYPE, GodStartIg.Codes.EpisodeType.PREGNANCY, null)));
		return pregnancy;
	}

	/** As the store returns what it wrote: with an id. */
	static <T extends Resource> T stored(T resource, String id) {
		resource.setId(resource.fhirType() + "/" + id);
		return resource;
	}
}
