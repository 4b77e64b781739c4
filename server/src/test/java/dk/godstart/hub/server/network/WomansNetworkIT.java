package dk.godstart.hub.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.HubTokens;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.NetworkMessage;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import dk.godstart.hub.server.support.RestHookSubscriber;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The woman's network, as the seeds' three cases have it: who is in it, the shared plan and its tasks, the meetings;
 * every change told to the other members on a legal basis; a member outside, or one that left, sees none of it.
 */
class WomansNetworkIT extends NorthJutlandScenario {

	static final String ROLE = GodStartIg.CodeSystems.NETWORK_ROLE;
	static final String ACTIVITY = GodStartIg.CodeSystems.NETWORK_ACTIVITY;
	static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

	@Test
	void jannisShelterStartsHerNetworkAndEveryoneKnowsWhoDoesWhat() {
		network.build();
		Organization shelter = network.member("Herberget i Hjørring (test)", "shelter", "shelter", null);
		Organization substance = network.member("Rusmiddelcenter Hjørring (test)", "substance-treatment", "substance", null);
		Organization crisisCentre = network.member("Krisecenter Nord (test)", "crisis-centre", "crisis", null);
		network.networkAgreement(network.region, network.gpOrganisation, network.aalborg, shelter, substance, crisisCentre);
		IGenericClient asShelter = network.clientOf(shelter, HubTokens.CARE_PROVIDER);
		IGenericClient asSubstance = network.clientOf(substance, HubTokens.MUNICIPALITY);
		IGenericClient asCrisisCentre = network.clientOf(crisisCentre, HubTokens.MUNICIPALITY);
		try (RestHookSubscriber caseSystem = new RestHookSubscriber()) {
			// Aalborg's case system follows the network on the care-plan-changed topic, for its family department
			Subscription subscription = carePlanChanged("Communication?recipient=Organization/"
					+ network.aalborgFamilyDepartment.getIdElement().getIdPart());
			subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(caseSystem.address());
			subscribe(network.asAalborg, subscription);

			// the shelter finds her pregnant in the third trimester; she consents to the network (not yet to a crisis centre)
			Patient janni = network.womanLivingIn(MaternityNetwork.AALBORG, asShelter);
			network.networkConsent(janni, shelter, asShelter, List.of("family-ambulatory", "general-practice",
					"substance-treatment", "municipal-family-department", "shelter"));
			Map<Organization, String> members = new LinkedHashMap<>();
			members.put(shelter, "shelter");
			members.put(network.familyAmbulatory, "family-ambulatory");
			members.put(network.gpPractice, "general-practitioner");
			members.put(substance, "substance-treatment");
			members.put(network.aalborgFamilyDepartment, "family-department");
			CareTeam team = (CareTeam) asShelter.create().resource(team(janni, shelter, members)).execute().getResource();
			assertTold(List.of("family-ambulatory", "gp", "substance", "aalborg"), "care-team-changed", 1);
			assertThat(receiver.receivedAt("shelter")).as("the shelter is not told what it did itself").isEmpty();

			// the plan, kept by the shelter; the substance treatment offers residential treatment, which she declines
			CarePlan plan = (CarePlan) asShelter.create().resource(plan(janni, team, shelter, "Janni's plan")).execute().getResource();
			Task residential = (Task) asSubstance.create().resource(task(janni, plan, substance, "residential-treatment",
					Task.TaskStatus.REQUESTED, "Talks with her about residential treatment")).execute().getResource();
			residential.setStatus(Task.TaskStatus.REJECTED);
			residential.getStatusReason().setText("She declines, to stay near her boyfriend");
			asSubstance.update().resource(residential).execute();
			// the family department plans a voluntary placement for the birth; the ambulatory the birth plan
			Task placement = (Task) network.asAalborg.create().resource(task(janni, plan, network.aalborgFamilyDepartment,
					"voluntary-placement", Task.TaskStatus.ACCEPTED, "Voluntary placement of the child at birth")).execute().getResource();
			network.asFamilyAmbulatory.create().resource(task(janni, plan, network.familyAmbulatory, "birth-plan",
					Task.TaskStatus.INPROGRESS, "Birth plan")).execute();
			// the monthly network meeting, and its minutes
			Appointment meeting = (Appointment) asShelter.create().resource(meeting(janni, plan, shelter)).execute().getResource();
			asShelter.create().resource(minutes(janni, plan, meeting, shelter)).execute();
			assertTold(List.of("family-ambulatory", "gp", "substance", "aalborg"), "care-plan-changed", 1);
			assertTold(List.of("family-ambulatory", "gp", "aalborg", "shelter"), "care-task-changed", 2);
			assertTold(List.of("family-ambulatory", "gp", "substance", "aalborg"), "network-meeting-changed", 2);

			// she accepts a crisis centre: it joins, but her consent does not cover it yet, so it is told and shown nothing
			team.addParticipant(participant(crisisCentre, "crisis-centre"));
			team = (CareTeam) asShelter.update().resource(team).execute().getResource();
			assertTold(List.of("family-ambulatory", "gp", "substance", "aalborg"), "care-team-changed", 2);
			assertThat(receiver.receivedAt("crisis")).isEmpty();
			String planId = plan.getIdElement().getIdPart();
			assertThatThrownBy(() -> asCrisisCentre.read().resource(CarePlan.class).withId(planId).execute())
					.isInstanceOf(ResourceNotFoundException.class);
			List<Communication> parked = notificationsAbout(janni, "CareTeam/" + team.getIdElement().getIdPart(), crisisCentre);
			assertThat(parked).isNotEmpty();
			assertThat(parked).allSatisfy(notification -> assertThat(notification.getStatusReason().getCodingFirstRep().getCode())
					.isEqualTo("no-legal-basis"));
			// she consents to the crisis centre: the next change reaches it, and it sees the plan and takes its task
			network.networkConsent(janni, shelter, asShelter, List.of("crisis-centre"));
			Task stay = (Task) asCrisisCentre.create().resource(task(janni, plan, crisisCentre, "crisis-centre-stay",
					Task.TaskStatus.ACCEPTED, "A place at the crisis centre until the birth")).execute().getResource();
			assertTold(List.of("family-ambulatory", "gp", "substance", "aalborg", "shelter"), "care-task-changed", 3);
			assertThat(asCrisisCentre.read().resource(CarePlan.class).withId(planId).execute().getTitle()).isEqualTo("Janni's plan");

			// the family department sees the whole plan, the tasks' owners and status, and the meeting
			Bundle tasks = network.asAalborg.search().forResource(Task.class).where(Task.BASED_ON.hasId("CarePlan/" + planId))
					.returnBundle(Bundle.class).execute();
			assertThat(tasks.getEntry()).hasSize(4);
			assertThat(tasks.getEntry()).extracting(entry -> ((Task) entry.getResource()).getCode().getCodingFirstRep().getCode())
					.containsExactlyInAnyOrder("residential-treatment", "voluntary-placement", "birth-plan", "crisis-centre-stay");
			assertThat(network.asAalborg.read().resource(Appointment.class).withId(meeting.getIdElement().getIdPart()).execute()
					.getStart()).isNotNull();
			assertThat(network.asAalborg.read().resource(Task.class).withId(residential.getIdElement().getIdPart()).execute()
					.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);

			// no member writes another's part: the GP cannot close the family department's task
			Task notTheGps = network.asAalborg.read().resource(Task.class).withId(placement.getIdElement().getIdPart()).execute();
			notTheGps.setStatus(Task.TaskStatus.CANCELLED);
			assertThatThrownBy(() -> network.asGp.update().resource(notTheGps).execute()).isInstanceOf(ForbiddenOperationException.class);

			// Aalborg's case system was told on the topic of every change its family department was told of
			long toldAalborg = receiver.receivedAt("aalborg").size();
			List<RestHookSubscriber.Request> onTopic = await("the case system told on care-plan-changed").atMost(Duration.ofSeconds(30))
					.until(() -> caseSystem.notifications().stream().skip(1).toList(), list -> list.size() >= toldAalborg);
			assertThat(onTopic).hasSize((int) toldAalborg);
			assertThat(stay.getIdElement().getIdPart()).isNotBlank();
		}
	}

	@Test
	void dittesUrineSamplesHaveTwoOwnersAndTheGpWhoLeftSeesNothingNew() throws Exception {
		network.build();
		Organization substance = network.member("Rusmiddelcenter Aalborg (test)", "substance-treatment", "substance", network.aalborg);
		network.networkAgreement(network.region, network.gpOrganisation, network.aalborg);
		IGenericClient asSubstance = network.clientOf(substance, HubTokens.MUNICIPALITY);
		Organization otherGp = network.member("Lægerne i Hjørring (test)", "general-practice", "other-gp", network.gpOrganisation);
		IGenericClient asOtherGp = network.clientOf(otherGp, HubTokens.CARE_PROVIDER);

		Patient ditte = network.ditte();
		network.networkConsent(ditte, network.gpPractice, network.asGp, List.of("family-ambulatory", "general-practice",
				"municipal-family-department", "substance-treatment"));
		Map<Organization, String> members = new LinkedHashMap<>();
		members.put(network.familyAmbulatory, "family-ambulatory");
		members.put(network.gpPractice, "general-practitioner");
		members.put(network.aalborgFamilyDepartment, "family-department");
		members.put(substance, "substance-treatment");
		CareTeam team = (CareTeam) network.asFamilyAmbulatory.create()
				.resource(team(ditte, network.familyAmbulatory, members)).execute().getResource();
		CarePlan plan = (CarePlan) network.asFamilyAmbulatory.create()
				.resource(plan(ditte, team, network.familyAmbulatory, "Ditte's plan")).execute().getResource();
		// two owners of urine samples: the substance treatment on Mondays, the ambulatory at each visit
		Task mondays = (Task) asSubstance.create().resource(task(ditte, plan, substance, "urine-sample",
				Task.TaskStatus.INPROGRESS, "Every Monday at the substance treatment")).execute().getResource();
		Task atVisits = (Task) network.asFamilyAmbulatory.create().resource(task(ditte, plan, network.familyAmbulatory,
				"urine-sample", Task.TaskStatus.INPROGRESS, "At each visit to the family ambulatory")).execute().getResource();
		mondays.addOutput().setType(new CodeableConcept().setText("Last sample")).setValue(new StringType("Monday: positive for cocaine"));
		asSubstance.update().resource(mondays).execute();
		// told of the Monday task's creation and result, and of the ambulatory's task
		assertTold(List.of("gp", "aalborg"), "care-task-changed", 3);
		assertTold(List.of("family-ambulatory"), "care-task-changed", 2);
		assertTold(List.of("substance"), "care-task-changed", 1);

		// the others see each sample's status, and who takes the next
		Task seenByAalborg = network.asAalborg.read().resource(Task.class).withId(mondays.getIdElement().getIdPart()).execute();
		assertThat(seenByAalborg.getOutputFirstRep().getValue().primitiveValue()).isEqualTo("Monday: positive for cocaine");
		assertThat(seenByAalborg.getOwner().getReference()).isEqualTo("Organization/" + substance.getIdElement().getIdPart());
		assertThat(network.asGp.read().resource(Task.class).withId(atVisits.getIdElement().getIdPart()).execute().getDescription())
				.isEqualTo("At each visit to the family ambulatory");

		// the next Monday the substance treatment's own record system reports the sample by a message: the hub writes it
		// to the task (the substance treatment's own), and the others are told as of a change through the API
		String substanceToken = tokens.token("substance-record", MaternityNetwork.sor(substance), HubTokens.MUNICIPALITY);
		Task read = asSubstance.read().resource(Task.class).withId(mondays.getIdElement().getIdPart()).execute();
		read.getOutputFirstRep().setValue(new StringType("Next Monday: negative"));
		Bundle report = NetworkMessage.of(MessageEvent.CARE_TASK_CHANGED, substance, network.familyAmbulatory, ditte, read);
		HttpResponse<String> answer = processMessage(report, substanceToken);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).contains("written to the woman's network: Task/" + mondays.getIdElement().getIdPart() + "/_history/3");
		assertTold(List.of("gp", "aalborg"), "care-task-changed", 4);
		assertTold(List.of("family-ambulatory"), "care-task-changed", 3);
		assertThat(network.asAalborg.read().resource(Task.class).withId(mondays.getIdElement().getIdPart()).execute()
				.getOutputFirstRep().getValue().primitiveValue()).isEqualTo("Next Monday: negative");
		// sent again, its answer lost on the way: the first answer; nothing written or told twice
		HttpResponse<String> again = processMessage(report, substanceToken);
		assertThat(again.body()).isEqualTo(answer.body());
		// a report written over a change it has not seen (it read version 2; 3 is stored): refused, nothing stored
		read.getOutputFirstRep().setValue(new StringType("Stale: written on version 2"));
		HttpResponse<String> stale = processMessage(NetworkMessage.of(MessageEvent.CARE_TASK_CHANGED, substance,
				network.familyAmbulatory, ditte, read), substanceToken);
		assertThat(stale.statusCode()).as(stale.body()).isIn(409, 412);
		assertThat(network.asAalborg.read().resource(Task.class).withId(mondays.getIdElement().getIdPart()).execute()
				.getMeta().getVersionId()).isEqualTo("3");
		// nor does a member write another's part by a message: the ambulatory's task is not the substance treatment's
		Task notItsOwn = asSubstance.read().resource(Task.class).withId(atVisits.getIdElement().getIdPart()).execute();
		notItsOwn.setStatus(Task.TaskStatus.CANCELLED);
		HttpResponse<String> refused = processMessage(NetworkMessage.of(MessageEvent.CARE_TASK_CHANGED, substance,
				network.familyAmbulatory, ditte, notItsOwn), substanceToken);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(network.asAalborg.read().resource(Task.class).withId(atVisits.getIdElement().getIdPart()).execute()
				.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
		assertTold(List.of("gp", "aalborg"), "care-task-changed", 4);

		// a GP outside the team sees none of it
		for (Resource resource : List.<Resource>of(team, plan, mondays, atVisits)) {
			assertThatThrownBy(() -> asOtherGp.read().resource(resource.fhirType()).withId(resource.getIdElement().getIdPart()).execute())
					.as(resource.fhirType()).isInstanceOf(ResourceNotFoundException.class);
		}
		assertThat(asOtherGp.search().forResource(Task.class).where(Task.BASED_ON.hasId("CarePlan/" + plan.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
		assertThatThrownBy(() -> asOtherGp.create().resource(task(ditte, plan, otherGp, "urine-sample", Task.TaskStatus.REQUESTED,
				"Not a member")).execute()).isInstanceOf(ForbiddenOperationException.class);

		// the GP leaves the team (the ambulatory has taken over): told of it, then of nothing more, and shown nothing
		team.getParticipant().stream()
				.filter(p -> p.getMember().getReference().equals("Organization/" + network.gpPractice.getIdElement().getIdPart()))
				.forEach(p -> p.getPeriod().setEnd(new Date(System.currentTimeMillis() - 1_000)));
		network.asFamilyAmbulatory.update().resource(team).execute();
		assertTold(List.of("aalborg", "substance"), "care-team-changed", 2);
		int toldTheGp = receiver.receivedAt("gp").size();
		atVisits.setStatus(Task.TaskStatus.COMPLETED);
		atVisits.addOutput().setType(new CodeableConcept().setText("Last sample")).setValue(new StringType("Negative"));
		network.asFamilyAmbulatory.update().resource(atVisits).execute();
		assertTold(List.of("aalborg"), "care-task-changed", 5);
		assertTold(List.of("substance"), "care-task-changed", 2);
		assertThat(receiver.receivedAt("gp")).as("the GP, gone, is told nothing new").hasSize(toldTheGp);
		String atVisitsId = atVisits.getIdElement().getIdPart();
		assertThatThrownBy(() -> network.asGp.read().resource(Task.class).withId(atVisitsId).execute())
				.isInstanceOf(ResourceNotFoundException.class);
		assertThat(network.asGp.search().forResource(CarePlan.class).where(CarePlan.SUBJECT.hasId("Patient/" + ditte.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
	}

	@Test
	void evaIsEnrolledAfterHerSubstanceTreatmentInformsTheAmbulatory() {
		network.build();
		Organization substance = network.member("Rusmiddelcentret (test)", "substance-treatment", "substance", network.aalborg);
		network.networkAgreement(network.region, network.aalborg);
		IGenericClient asSubstance = network.clientOf(substance, HubTokens.MUNICIPALITY.stream()
				.map(scope -> scope.equals("system/Patient.rs") ? "system/Patient.crus" : scope).toList());

		// her substance treatment registers her, records her consent and starts the network with the ambulatory
		Patient eva = network.womanLivingIn(MaternityNetwork.AALBORG, asSubstance);
		network.networkConsent(eva, substance, asSubstance, List.of("family-ambulatory", "substance-treatment"));
		Map<Organization, String> members = new LinkedHashMap<>();
		members.put(substance, "substance-treatment");
		members.put(network.familyAmbulatory, "family-ambulatory");
		CareTeam team = (CareTeam) asSubstance.create().resource(team(eva, substance, members)).execute().getResource();
		CarePlan plan = (CarePlan) asSubstance.create().resource(plan(eva, team, substance, "Eva's plan")).execute().getResource();
		Task enrolment = task(eva, plan, network.familyAmbulatory, "enrolment", Task.TaskStatus.REQUESTED,
				"Pregnant in the first trimester, years in methadone treatment; please enrol her");
		enrolment.setRequester(MaternityNetwork.reference(substance));
		enrolment = (Task) asSubstance.create().resource(enrolment).execute().getResource();
		assertTold(List.of("family-ambulatory"), "care-task-changed", 1);

		// the ambulatory, told, reads the woman, the plan and its task, and enrols her
		FhirReceiver.Received told = receiver.receivedAt("family-ambulatory").stream()
				.filter(message -> "care-task-changed".equals(message.header().getEventCoding().getCode())).findFirst().orElseThrow();
		assertThat(told.message().getEntry()).extracting(entry -> entry.getResource().fhirType()).contains("Task");
		assertThat(network.asFamilyAmbulatory.read().resource(Patient.class).withId(eva.getIdElement().getIdPart()).execute()
				.getIdentifierFirstRep().getValue()).isEqualTo(eva.getIdentifierFirstRep().getValue());
		Task toEnrol = network.asFamilyAmbulatory.read().resource(Task.class).withId(enrolment.getIdElement().getIdPart()).execute();
		toEnrol.setStatus(Task.TaskStatus.COMPLETED);
		network.asFamilyAmbulatory.update().resource(toEnrol).execute();
		assertTold(List.of("substance"), "care-task-changed", 1);
		assertThat(asSubstance.read().resource(Task.class).withId(enrolment.getIdElement().getIdPart()).execute().getStatus())
				.isEqualTo(Task.TaskStatus.COMPLETED);
	}

	@Test
	void jannisDaughterIsConsentedForByTheHolderOfHerCustodyNotByHerBoyfriend() {
		network.build();
		network.networkAgreement(network.region, network.gpOrganisation, network.aalborg);
		Patient janni = network.womanLivingIn(MaternityNetwork.AALBORG, network.asFamilyAmbulatory);
		network.networkConsent(janni, network.familyAmbulatory, network.asFamilyAmbulatory,
				List.of("family-ambulatory", "general-practice", "municipal-family-department"));
		Map<Organization, String> members = new LinkedHashMap<>();
		members.put(network.familyAmbulatory, "family-ambulatory");
		members.put(network.gpPractice, "general-practitioner");
		members.put(network.aalborgFamilyDepartment, "family-department");
		CareTeam team = (CareTeam) network.asFamilyAmbulatory.create()
				.resource(team(janni, network.familyAmbulatory, members)).execute().getResource();
		CarePlan plan = (CarePlan) network.asFamilyAmbulatory.create()
				.resource(plan(janni, team, network.familyAmbulatory, "Janni's plan")).execute().getResource();

		// her daughter is born: the ambulatory registers her, that Janni holds her custody, and Janni's boyfriend
		Patient daughter = network.daughterOf(janni, network.asFamilyAmbulatory);
		RelatedPerson janniHoldsCustody = network.custody(daughter, janni, network.asFamilyAmbulatory);
		RelatedPerson boyfriend = network.partner(janni, "Kæresten (test)", network.asFamilyAmbulatory);
		// a consent for the daughter said to be given by the boyfriend: recorded, but he cannot consent for her
		network.networkConsent(daughter, MaternityNetwork.reference(boyfriend), network.familyAmbulatory,
				network.asFamilyAmbulatory, List.of("municipal-family-department"));

		// the ambulatory's plan for the child: her GP is told (treatment), the family department is not (no consent for her)
		Task forHer = (Task) network.asFamilyAmbulatory.create().resource(task(daughter, plan, network.familyAmbulatory,
				"plan-for-child", Task.TaskStatus.INPROGRESS, "Follow-up of the child at the family ambulatory")).execute().getResource();
		assertTold(List.of("gp"), "care-task-changed", 1);
		String forHerId = forHer.getIdElement().getIdPart();
		List<Communication> parked = await("the family department's notification held back").atMost(Duration.ofSeconds(30))
				.until(() -> notificationsAbout(janni, "Task/" + forHerId, network.aalborgFamilyDepartment), list -> !list.isEmpty());
		assertThat(parked).allSatisfy(notification -> {
			assertThat(notification.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("no-legal-basis");
			assertThat(notification.getStatusReason().getText()).contains("Patient/" + daughter.getIdElement().getIdPart())
					.contains("holder of her custody");
		});
		assertThat(told("aalborg", "care-task-changed")).isZero();
		assertThatThrownBy(() -> network.asAalborg.read().resource(Task.class).withId(forHerId).execute())
				.isInstanceOf(ResourceNotFoundException.class);

		// Janni, who holds custody, consents for her: the next change reaches the family department, which sees the task
		network.networkConsent(daughter, MaternityNetwork.reference(janniHoldsCustody), network.familyAmbulatory,
				network.asFamilyAmbulatory, List.of("municipal-family-department"));
		forHer.addOutput().setType(new CodeableConcept().setText("First visit")).setValue(new StringType("Thriving; health visitors from week 2"));
		network.asFamilyAmbulatory.update().resource(forHer).execute();
		assertTold(List.of("aalborg"), "care-task-changed", 1);
		assertThat(network.asAalborg.read().resource(Task.class).withId(forHerId).execute().getOutputFirstRep().getValue()
				.primitiveValue()).isEqualTo("Thriving; health visitors from week 2");
	}

	private HttpResponse<String> processMessage(Bundle message, String token) throws Exception {
		return send(request("/fhir/$process-message").setHeader("Authorization", bearer(token))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(message))));
	}

	/** Waits until each of these endpoints was told at least {@code count} messages of the event (fails after 30 s). */
	private void assertTold(List<String> paths, String event, int count) {
		for (String path : paths) {
			await(path + " told " + count + " x " + event).atMost(Duration.ofSeconds(30))
					.until(() -> told(path, event), told -> told >= count);
		}
	}

	private long told(String path, String event) {
		return receiver.receivedAt(path).stream().filter(message -> event.equals(message.header().getEventCoding().getCode())).count();
	}

	static CareTeam team(Patient woman, Organization keeper, Map<Organization, String> members) {
		CareTeam team = new CareTeam();
		team.getMeta().addProfile(GodStartIg.Profiles.NETWORK_CARE_TEAM);
		team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
		team.setName("Network");
		team.setSubject(MaternityNetwork.reference(woman));
		team.addManagingOrganization(MaternityNetwork.reference(keeper));
		members.forEach((member, role) -> {
			CareTeam.CareTeamParticipantComponent participant = participant(member, role);
			if (member == keeper) {
				participant.addRole(new CodeableConcept(new Coding(ROLE, "coordinator", null)));
			}
			team.addParticipant(participant);
		});
		return team;
	}

	static CareTeam.CareTeamParticipantComponent participant(Organization member, String role) {
		CareTeam.CareTeamParticipantComponent participant = new CareTeam.CareTeamParticipantComponent();
		participant.addRole(new CodeableConcept(new Coding(ROLE, role, null)));
		participant.setMember(MaternityNetwork.reference(member));
		participant.getPeriod().setStart(new Date(System.currentTimeMillis() - 60_000));
		return participant;
	}

	static CarePlan plan(Patient woman, CareTeam team, Organization author, String title) {
		CarePlan plan = new CarePlan();
		plan.getMeta().addProfile(GodStartIg.Profiles.NETWORK_CARE_PLAN);
		plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.setTitle(title);
		plan.setSubject(MaternityNetwork.reference(woman));
		plan.addCareTeam(MaternityNetwork.reference(team));
		plan.setAuthor(MaternityNetwork.reference(author));
		return plan;
	}

	static Task task(Patient woman, CarePlan plan, Organization owner, String activity, Task.TaskStatus status, String description) {
		Task task = new Task();
		task.getMeta().addProfile(GodStartIg.Profiles.NETWORK_TASK);
		task.setStatus(status);
		task.setIntent(Task.TaskIntent.PLAN);
		task.setCode(new CodeableConcept(new Coding(ACTIVITY, activity, null)));
		task.addBasedOn(MaternityNetwork.reference(plan));
		task.setFor(MaternityNetwork.reference(woman));
		task.setOwner(MaternityNetwork.reference(owner));
		task.setDescription(description);
		return task;
	}

	static Appointment meeting(Patient woman, CarePlan plan, Organization organiser) {
		Appointment meeting = new Appointment();
		meeting.getMeta().addProfile(GodStartIg.Profiles.NETWORK_MEETING);
		meeting.setStatus(Appointment.AppointmentStatus.BOOKED);
		meeting.setDescription("Monthly network meeting");
		meeting.setStart(new Date(System.currentTimeMillis() + 7 * 86_400_000L));
		meeting.setEnd(new Date(System.currentTimeMillis() + 7 * 86_400_000L + 3_600_000L));
		meeting.addSupportingInformation(MaternityNetwork.reference(plan));
		meeting.addExtension(new Extension(GodStartIg.Extensions.MEETING_ORGANISER, MaternityNetwork.reference(organiser)));
		meeting.addParticipant().setActor(MaternityNetwork.reference(woman))
				.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		return meeting;
	}

	static DocumentReference minutes(Patient woman, CarePlan plan, Appointment meeting, Organization author) {
		DocumentReference minutes = new DocumentReference();
		minutes.getMeta().addProfile(GodStartIg.Profiles.NETWORK_MEETING_MINUTES);
		minutes.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		minutes.setType(new CodeableConcept(new Coding(ACTIVITY, "network-meeting", null)));
		minutes.setSubject(MaternityNetwork.reference(woman));
		minutes.addAuthor(MaternityNetwork.reference(author));
		minutes.setDate(new Date());
		minutes.addContent().setAttachment(new Attachment().setContentType("text/plain")
				.setData("Who does what until the next meeting".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		minutes.getContext().addRelated(MaternityNetwork.reference(plan));
		minutes.getContext().addRelated(MaternityNetwork.reference(meeting));
		return minutes;
	}

	static Subscription carePlanChanged(String filter) {
		Subscription subscription = new Subscription();
		subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("Follow the networks our family department is in");
		subscription.setCriteria("http://godstart.dk/fhir/SubscriptionTopic/care-plan-changed");
		subscription.getCriteriaElement().addExtension(BACKPORT + "backport-filter-criteria", new StringType(filter));
		subscription.getChannel().setPayload("application/fhir+json");
		subscription.getChannel().getPayloadElement().addExtension(BACKPORT + "backport-payload-content", new CodeType("id-only"));
		return subscription;
	}
}
