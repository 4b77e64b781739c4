package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.routes.events.EventClassifier;
import dk.godstart.hub.routes.events.MessageEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Which stored changes are hub events: the moments the cases turn on, and nothing else. */
class EventClassifierTest {

	final EventClassifier classifier = new EventClassifier();

	@Test
	void aNewFamilyAmbulatoryReferralIsAnnouncedAndItsWithdrawalToo() {
		ServiceRequest referral = referral(ServiceRequest.ServiceRequestStatus.ACTIVE);
		assertThat(classifier.classify(null, referral)).contains(MessageEvent.REFERRAL_CREATED);
		assertThat(classifier.classify(referral, referral.copy().setNote(null))).isEmpty();
		ServiceRequest revoked = referral(ServiceRequest.ServiceRequestStatus.REVOKED);
		assertThat(classifier.classify(referral, revoked)).contains(MessageEvent.REFERRAL_CANCELLED);
		assertThat(classifier.classify(revoked, revoked)).isEmpty();
	}

	@Test
	void otherServiceRequestsAreNotReferrals() {
		ServiceRequest labOrder = new ServiceRequest();
		labOrder.setCode(new CodeableConcept(new Coding("http://loinc.org", "3426-4", "Urine drug screen")));
		assertThat(classifier.classify(null, labOrder)).isEmpty();
	}

	@Test
	void theFamilyAmbulatorysAnswerIsAnnouncedWhenTheTaskEntersItsState() {
		Task received = task(Task.TaskStatus.RECEIVED);
		Task accepted = task(Task.TaskStatus.ACCEPTED);
		assertThat(classifier.classify(null, received)).isEmpty();
		assertThat(classifier.classify(received, accepted)).contains(MessageEvent.REFERRAL_ACCEPTED);
		assertThat(classifier.classify(accepted, task(Task.TaskStatus.ACCEPTED))).as("no news, no event").isEmpty();
		assertThat(classifier.classify(accepted, task(Task.TaskStatus.REJECTED))).contains(MessageEvent.REFERRAL_REJECTED);
		assertThat(classifier.classify(task(Task.TaskStatus.INPROGRESS), task(Task.TaskStatus.COMPLETED)))
				.contains(MessageEvent.REFERRAL_COMPLETED);
		assertThat(classifier.classify(null, accepted)).as("a task created already accepted").contains(MessageEvent.REFERRAL_ACCEPTED);
	}

	@Test
	void onlyLevelsThreeAndFourReachOtherSectors() {
		assertThat(classifier.classify(null, careLevel("1"))).isEmpty();
		assertThat(classifier.classify(null, careLevel("2"))).isEmpty();
		assertThat(classifier.classify(null, careLevel("3"))).contains(MessageEvent.CARE_LEVEL_CHANGED);
		assertThat(classifier.classify(careLevel("2"), careLevel("4"))).contains(MessageEvent.CARE_LEVEL_CHANGED);
		assertThat(classifier.classify(careLevel("4"), careLevel("4"))).isEmpty();
		assertThat(classifier.classify(careLevel("4"), careLevel("2"))).as("stepping down stays in antenatal care").isEmpty();
	}

	@Test
	void anEventIsAboutTheWomanItConcerns() {
		ServiceRequest referral = referral(ServiceRequest.ServiceRequestStatus.ACTIVE);
		referral.setSubject(new Reference("Patient/ditte"));
		Task answer = task(Task.TaskStatus.ACCEPTED);
		answer.setFor(new Reference("Patient/ditte"));
		Observation level = careLevel("4");
		level.setSubject(new Reference("Patient/eva"));
		assertThat(classifier.subjectOf(referral)).isEqualTo("Patient/ditte");
		assertThat(classifier.subjectOf(answer)).isEqualTo("Patient/ditte");
		assertThat(classifier.subjectOf(level)).isEqualTo("Patient/eva");
		assertThat(classifier.subjectOf(task(Task.TaskStatus.ACCEPTED))).as("no one").isNull();
	}

	private static ServiceRequest referral(ServiceRequest.ServiceRequestStatus status) {
		ServiceRequest referral = new ServiceRequest();
		referral.setStatus(status);
		referral.setCode(new CodeableConcept(new Coding("http://godstart.dk/fhir/CodeSystem/hub-service-type", "family-ambulatory", null)));
		return referral;
	}

	private static Task task(Task.TaskStatus status) {
		Task task = new Task();
		task.setStatus(status);
		task.setFocus(new Reference("ServiceRequest/ditte-referral"));
		return task;
	}

	private static Observation careLevel(String level) {
		Observation observation = new Observation();
		observation.setCode(new CodeableConcept(new Coding("http://godstart.dk/fhir/CodeSystem/pregnancy-observation-code", "care-level", null)));
		observation.setValue(new CodeableConcept(new Coding("http://godstart.dk/fhir/CodeSystem/pregnancy-care-level", level, null)));
		return observation;
	}
}
