package dk.godstart.hub.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** What a developer sees when a resource breaks one of the guide's rules: an error naming the element and the rule. */
class BrokenResourcesTest {

	@Test
	void dittesReferralWithoutAReasonIsRejected() {
		ServiceRequest referral = example("ServiceRequest-ditte-referral.json", ServiceRequest.class);
		referral.getReasonCode().clear();

		assertThat(errors(referral)).anySatisfy(error ->
				assertThat(error.getMessage()).contains("ServiceRequest.reasonCode"));
	}

	@Test
	void aConsentThatNamesNoRecipientIsRejected() {
		org.hl7.fhir.r4.model.Consent consent = example("Consent-ditte-consent-family-department.json",
				org.hl7.fhir.r4.model.Consent.class);
		consent.getProvision().getActor().clear();

		assertThat(errors(consent)).anySatisfy(error -> assertThat(error.getMessage()).contains("consent-names-recipients"));
	}

	@Test
	void anAgreementTermWithoutALegalBasisIsRejected() {
		org.hl7.fhir.r4.model.Contract agreement = example("Contract-agreement-nordjylland-vulnerable-pregnant-women.json",
				org.hl7.fhir.r4.model.Contract.class);
		agreement.getTermFirstRep().getExtension().removeIf(e -> e.getUrl().endsWith("/legal-basis"));

		assertThat(errors(agreement)).anySatisfy(error -> assertThat(error.getMessage()).contains("legal-basis"));
	}

	@Test
	void theDutyToNotifyCannotCarryAnythingButConcerns() {
		org.hl7.fhir.r4.model.Contract agreement = example("Contract-agreement-nordjylland-vulnerable-pregnant-women.json",
				org.hl7.fhir.r4.model.Contract.class);
		agreement.getTermFirstRep().getExtensionByUrl("http://godstart.dk/fhir/StructureDefinition/legal-basis")
				.setValue(new org.hl7.fhir.r4.model.CodeType("duty-to-notify"));

		assertThat(errors(agreement)).anySatisfy(error ->
				assertThat(error.getMessage()).contains("agreement-duty-to-notify-only-for-concerns"));
	}

	@Test
	void dittesReferralWithoutPregnancyTimingBreaksTheTimingRule() {
		ServiceRequest referral = example("ServiceRequest-ditte-referral.json", ServiceRequest.class);
		referral.getExtension().removeIf(e -> e.getUrl().endsWith("/expected-delivery-date") || e.getUrl().endsWith("/gestational-age"));

		assertThat(errors(referral)).anySatisfy(error -> assertThat(error.getMessage()).contains("referral-pregnancy-timing"));
	}

	@Test
	void aPatientWithoutCprIsRejectedOnTheIdentifier() {
		Patient ditte = example("Patient-ditte.json", Patient.class);
		ditte.getIdentifier().clear();

		assertThat(errors(ditte)).anySatisfy(error -> assertThat(error.getLocationString() + error.getMessage()).contains("Patient.identifier"));
	}

	@Test
	void aCprNumberWithAHyphenBreaksTheFormatRule() {
		Patient ditte = example("Patient-ditte.json", Patient.class);
		ditte.getIdentifier().stream()
				.filter(id -> GodStartIg.CPR_SYSTEM.equals(id.getSystem()))
				.forEach(id -> id.setValue("010190-1234"));

		assertThat(errors(ditte)).anySatisfy(error -> assertThat(error.getMessage()).contains("dk-cpr-format"));
	}

	@Test
	void aLevel3AssessmentWithoutSubGroupBreaksTheCareLevelRule() {
		Observation level3 = example("Observation-ditte-care-level-3.json", Observation.class);
		level3.getComponent().clear();

		assertThat(errors(level3)).anySatisfy(error -> assertThat(error.getMessage()).contains("care-level-3-needs-subgroup"));
	}

	@Test
	void anUnknownCareLevelIsRejected() {
		Observation level4 = example("Observation-eva-care-level-4.json", Observation.class);
		level4.setValue(new CodeableConcept(new Coding("http://godstart.dk/fhir/CodeSystem/pregnancy-care-level", "5", null)));

		assertThat(errors(level4)).isNotEmpty();
	}

	@Test
	void aRejectedReferralTaskWithoutReasonIsRejected() {
		Task task = example("Task-ditte-referral-task.json", Task.class);
		task.setStatus(Task.TaskStatus.REJECTED);
		task.setStatusReason(null);

		assertThat(errors(task)).anySatisfy(error -> assertThat(error.getMessage()).contains("referral-task-rejection-reason"));
	}

	@Test
	void anAgreementNeedsAtLeastTwoParties() {
		Contract agreement = example("Contract-agreement-nordjylland-vulnerable-pregnant-women.json", Contract.class);
		var parties = agreement.getExtension().stream().filter(e -> e.getUrl().endsWith("/agreement-party")).toList();
		agreement.getExtension().removeAll(parties.subList(1, parties.size()));
		agreement.getTerm().clear();

		assertThat(errors(agreement)).anySatisfy(error -> assertThat(error.getMessage()).contains("agreement-party"));
	}

	@Test
	void aResourceClaimingAnUnknownProfileIsAnError() {
		Patient ditte = example("Patient-ditte.json", Patient.class);
		ditte.getMeta().addProfile("http://godstart.dk/fhir/StructureDefinition/no-such-profile");

		assertThat(errors(ditte)).anySatisfy(error -> assertThat(error.getMessage()).contains("no-such-profile"));
	}

	@Test
	void aPlainPatientCanBeCheckedAgainstAProfileItDoesNotClaim() {
		Patient anonymous = new Patient();
		anonymous.addName().setFamily("Hansen");

		assertThat(GodStartValidator.errors(SharedValidator.get().validate(anonymous))).isEmpty();
		assertThat(GodStartValidator.errors(SharedValidator.get().validate(anonymous, GodStartIg.Profiles.PATIENT))).isNotEmpty();
	}

	static <T extends Resource> T example(String file, Class<T> type) {
		String json = GodStartIg.loadPackage().examples().get(file);
		assertThat(json).as("example " + file).isNotNull();
		return SharedValidator.FHIR.newJsonParser().parseResource(type, json);
	}

	private static List<SingleValidationMessage> errors(Resource resource) {
		return GodStartValidator.errors(SharedValidator.get().validate(resource));
	}
}
