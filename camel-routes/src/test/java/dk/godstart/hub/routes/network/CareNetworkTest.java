package dk.godstart.hub.routes.network;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.EventClassifier;
import dk.godstart.hub.routes.events.MessageEvent;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Janni's network as the model reads it: who is a member when, who owns what, and which changes are events. */
class CareNetworkTest {

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
	static final Instant LAST_MONTH = Instant.parse("2026-02-01T12:00:00Z");

	final EventClassifier classifier = new EventClassifier();

	@Test
	void membersBelongFromTheirStartToTheirEndAndNoneWhileTheTeamIsInactive() {
		CareTeam team = jannisTeam();
		CareNetwork network = CareNetwork.of(team);

		assertThat(network.keeper()).contains("Organization/shelter");
		assertThat(network.membersAt(NOW)).containsExactly("Organization/shelter", "Organization/family-ambulatory",
				"Organization/substance-treatment");
		assertThat(network.membersAt(LAST_MONTH)).as("the GP left on 15 February, the crisis centre joins on 1 March")
				.containsExactly("Organization/shelter", "Organization/gp", "Organization/family-ambulatory",
						"Organization/substance-treatment");
		assertThat(network.members().get(0).coordinates()).isTrue();
		assertThat(network.hasMemberAt(java.util.Set.of("Organization/gp"), NOW)).isFalse();

		team.setStatus(CareTeam.CareTeamStatus.INACTIVE);
		assertThat(CareNetwork.of(team).membersAt(NOW)).isEmpty();
	}

	@Test
	void aPersonCountsForTheOrganisationSheActsForAndForNoneWithout() {
		CareTeam team = jannisTeam();
		team.addParticipant().setMember(new Reference("PractitionerRole/midwife")).setOnBehalfOf(new Reference("Organization/hospital"));
		team.addParticipant().setMember(new Reference("RelatedPerson/boyfriend"));
		assertThat(CareNetwork.of(team).membersAt(NOW)).contains("Organization/hospital").hasSize(4);
	}

	@Test
	void eachResourceOfThePictureHangsOnThePlanOrTheTeamAndHasOneOwner() {
		CarePlan plan = new CarePlan().addCareTeam(new Reference("CareTeam/janni")).setAuthor(new Reference("Organization/shelter"));
		Task task = sample("Organization/substance-treatment", Task.TaskStatus.INPROGRESS);
		Appointment meeting = new Appointment().addSupportingInformation(new Reference("CarePlan/janni"));
		meeting.addExtension(new Extension(GodStartIg.Extensions.MEETING_ORGANISER, new Reference("Organization/shelter")));
		DocumentReference minutes = new DocumentReference().addAuthor(new Reference("Organization/shelter"));
		minutes.getContext().addRelated(new Reference("Appointment/meeting")).addRelated(new Reference("CarePlan/janni"));

		assertThat(NetworkResources.plan(plan)).map(Reference::getReference).contains("CareTeam/janni");
		assertThat(NetworkResources.plan(task)).map(Reference::getReference).contains("CarePlan/janni");
		assertThat(NetworkResources.plan(meeting)).map(Reference::getReference).contains("CarePlan/janni");
		assertThat(NetworkResources.plan(minutes)).map(Reference::getReference).contains("CarePlan/janni");
		assertThat(NetworkResources.owner(jannisTeam())).contains("Organization/shelter");
		assertThat(NetworkResources.owner(plan)).contains("Organization/shelter");
		assertThat(NetworkResources.owner(task)).contains("Organization/substance-treatment");
		assertThat(NetworkResources.owner(meeting)).contains("Organization/shelter");
		assertThat(NetworkResources.owner(minutes)).contains("Organization/shelter");

		Task referralTask = new Task().setFocus(new Reference("ServiceRequest/ditte-referral"));
		referralTask.addBasedOn(new Reference("CarePlan/janni"));
		assertThat(NetworkResources.isNetworkResource(referralTask)).as("only tasks coded as network activities").isFalse();
		assertThat(NetworkResources.isNetworkResource(new DocumentReference())).isFalse();
	}

	@Test
	void aTasksNewStatusOrResultIsAnEventAndARewordedDescriptionIsNot() {
		Task sample = sample("Organization/substance-treatment", Task.TaskStatus.INPROGRESS);
		assertThat(classifier.classify(null, sample)).contains(MessageEvent.CARE_TASK_CHANGED);

		Task reworded = sample.copy().setDescription("Mondays, 9 o'clock");
		assertThat(classifier.classify(sample, reworded)).isEmpty();
		Task result = sample.copy();
		result.addOutput().setType(new CodeableConcept().setText("Last sample")).setValue(new StringType("negative"));
		assertThat(classifier.classify(sample, result)).contains(MessageEvent.CARE_TASK_CHANGED);
		assertThat(classifier.classify(sample, sample.copy().setStatus(Task.TaskStatus.COMPLETED))).contains(MessageEvent.CARE_TASK_CHANGED);
		assertThat(classifier.subjectOf(sample)).isEqualTo("Patient/janni");
	}

	@Test
	void aTeamThatChangesIsAnEventAndOneStoredAgainAsItWasIsNot() {
		CareTeam team = jannisTeam();
		assertThat(classifier.classify(null, team)).contains(MessageEvent.CARE_TEAM_CHANGED);
		CareTeam same = team.copy();
		same.getMeta().setVersionId("2").setLastUpdated(new Date());
		assertThat(classifier.classify(team, same)).isEmpty();
		CareTeam left = team.copy();
		left.getParticipant().get(2).getPeriod().setEndElement(new DateTimeType("2026-03-01"));
		assertThat(classifier.classify(team, left)).contains(MessageEvent.CARE_TEAM_CHANGED);
		assertThat(classifier.subjectOf(team)).isEqualTo("Patient/janni");
	}

	static Task sample(String owner, Task.TaskStatus status) {
		Task task = new Task().setStatus(status).setOwner(new Reference(owner)).setFor(new Reference("Patient/janni"));
		task.setCode(new CodeableConcept(new Coding(GodStartIg.CodeSystems.NETWORK_ACTIVITY, "urine-sample", null)));
		task.addBasedOn(new Reference("CarePlan/janni"));
		task.setDescription("Every Monday");
		return task;
	}

	static CareTeam jannisTeam() {
		CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setSubject(new Reference("Patient/janni"));
		team.setId("janni");
		team.addManagingOrganization(new Reference("Organization/shelter"));
		member(team, "shelter", "2026-01-10", null).addRole(role("coordinator"));
		member(team, "gp", "2026-01-10", "2026-02-15");
		member(team, "family-ambulatory", "2026-01-10", null);
		member(team, "substance-treatment", "2026-01-10", null);
		member(team, "crisis-centre", "2026-03-02", null);
		return team;
	}

	static CareTeam.CareTeamParticipantComponent member(CareTeam team, String organisation, String start, String end) {
		CareTeam.CareTeamParticipantComponent participant = team.addParticipant();
		participant.setMember(new Reference("Organization/" + organisation)).addRole(role(organisation));
		participant.getPeriod().setStartElement(new DateTimeType(start));
		if (end != null) {
			participant.getPeriod().setEndElement(new DateTimeType(end));
		}
		return participant;
	}

	static CodeableConcept role(String code) {
		return new CodeableConcept(new Coding(GodStartIg.CodeSystems.NETWORK_ROLE, code, null));
	}
}
