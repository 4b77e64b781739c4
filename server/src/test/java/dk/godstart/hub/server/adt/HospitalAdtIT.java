package dk.godstart.hub.server.adt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.adt.AdtToFhir;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.MllpClient;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The maternity ward's patient administration system sends its ADT feed over MLLP: Ditte is admitted and
 * discharged, her child is born, and what cannot be used is refused with the reason, nothing half stored.
 */
class HospitalAdtIT extends NorthJutlandScenario {

	@Autowired
	DaoRegistry daos;

	@Autowired
	JdbcTemplate jdbc;

	String ward;
	Patient ditte;
	EpisodeOfCare pregnancy;

	@BeforeEach
	void dittesPregnancy() {
		ward = MaternityNetwork.sor(network.familyAmbulatory).split("\\|")[1];
		ditte = network.ditte();
		pregnancy = network.pregnancy(ditte);
	}

	@Test
	void dittesAdmissionAndDischargeAreStoredThenAcknowledged() {
		Adt admission = new Adt("A01", ward, cpr(ditte));
		try (MllpClient pas = new MllpClient(mllpPort())) {
			String ack = pas.send(admission.text());
			assertThat(MllpClient.field(ack, "MSA", 1)).isEqualTo("AA");
			assertThat(MllpClient.field(ack, "MSA", 2)).isEqualTo(admission.controlId);
			Encounter admitted = visit(admission.visit);
			assertThat(admitted.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
			assertThat(admitted.getClass_().getCode()).isEqualTo("IMP");
			assertThat(admitted.getSubject().getReference()).isEqualTo("Patient/" + ditte.getIdElement().getIdPart());
			assertThat(admitted.getServiceProvider().getReference())
					.isEqualTo("Organization/" + network.familyAmbulatory.getIdElement().getIdPart());
			assertThat(admitted.getEpisodeOfCareFirstRep().getReference())
					.as("her admission belongs to her pregnancy").isEqualTo("EpisodeOfCare/" + pregnancy.getIdElement().getIdPart());

			Adt discharge = admission.copy("A03");
			discharge.discharged = "202511251000";
			assertThat(MllpClient.field(pas.send(discharge.text()), "MSA", 1)).isEqualTo("AA");
			Encounter finished = visit(admission.visit);
			assertThat(finished.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
			assertThat(finished.getPeriod().getEnd()).isNotNull();
			assertThat(finished.getPeriod().getEnd().toInstant().toString()).isEqualTo("2025-11-25T09:00:00Z");
		}
	}

	@Test
	void theSameMessageTwiceIsStoredOnce() {
		Adt admission = new Adt("A01", ward, cpr(ditte));
		try (MllpClient pas = new MllpClient(mllpPort())) {
			assertThat(MllpClient.field(pas.send(admission.text()), "MSA", 1)).isEqualTo("AA");
			assertThat(MllpClient.field(pas.send(admission.text()), "MSA", 1)).as("a repeat is acknowledged").isEqualTo("AA");
		}
		assertThat(visit(admission.visit).getMeta().getVersionId()).as("and changes nothing").isEqualTo("1");
		assertThat(storedCount("Encounter", "identifier=" + AdtToFhir.VISIT_NUMBER_SYSTEM + ward + "|" + admission.visit))
				.isEqualTo(1);
	}

	@Test
	void aMessageSplitOverPacketsAndSeveralOnOneConnectionAreRead() throws Exception {
		Adt first = new Adt("A01", ward, cpr(ditte));
		Adt second = first.copy("A02");
		try (MllpClient pas = new MllpClient(mllpPort())) {
			byte[] framed = MllpClient.frame(first.text());
			int third = framed.length / 3;
			pas.write(Arrays.copyOfRange(framed, 0, third));
			Thread.sleep(150);
			pas.write(Arrays.copyOfRange(framed, third, 2 * third));
			Thread.sleep(150);
			pas.write(Arrays.copyOfRange(framed, 2 * third, framed.length));
			assertThat(MllpClient.field(pas.readAcknowledgement(), "MSA", 2)).isEqualTo(first.controlId);

			// MLLP is send, wait for the acknowledgement, send the next: on the same connection
			Adt update = first.copy("A08");
			update.given = "Ditte Marie";
			assertThat(List.of(MllpClient.field(pas.send(second.text()), "MSA", 1),
					MllpClient.field(pas.send(update.text()), "MSA", 1))).containsOnly("AA");
		}
		Patient updated = (Patient) daos.getResourceDao(Patient.class).read(ditte.getIdElement().toUnqualifiedVersionless(),
				new SystemRequestDetails());
		assertThat(updated.getNameFirstRep().getGivenAsSingleString()).as("A08 updates her name").isEqualTo("Ditte Marie");
	}

	@Test
	void whatCannotBeUsedIsRefusedWithTheReasonAndNothingIsStored() {
		try (MllpClient pas = new MllpClient(mllpPort())) {
			String garbage = pas.send("THIS IS NOT HL7\rPID|1");
			assertThat(MllpClient.field(garbage, "MSA", 1)).isEqualTo("AR");
			assertThat(MllpClient.field(garbage, "ERR", 8)).contains("cannot be read as HL7");

			Adt withoutCpr = new Adt("A01", ward, "0101901234");
			withoutCpr.cprAuthority = "HOSPITAL-MRN";
			String noCpr = pas.send(withoutCpr.text());
			assertThat(MllpClient.field(noCpr, "MSA", 1)).isEqualTo("AE");
			assertThat(MllpClient.field(noCpr, "ERR", 3)).startsWith("101");
			assertThat(MllpClient.field(noCpr, "ERR", 8)).contains("PID-3 holds no CPR number");

			Adt unknownEvent = new Adt("A99", ward, cpr(ditte));
			String unknown = pas.send(unknownEvent.text());
			assertThat(MllpClient.field(unknown, "MSA", 1)).isEqualTo("AR");
			assertThat(MllpClient.field(unknown, "ERR", 3)).startsWith("201");

			Adt strangeWard = new Adt("A01", "999999999999999", cpr(ditte));
			String strange = pas.send(strangeWard.text());
			assertThat(MllpClient.field(strange, "MSA", 1)).isEqualTo("AE");
			assertThat(MllpClient.field(strange, "ERR", 8)).contains("999999999999999").contains("not an organisation known");

			Adt newWoman = new Adt("A01", "999999999999999", "2407951234");
			assertThat(MllpClient.field(pas.send(newWoman.text()), "MSA", 1)).isEqualTo("AE");
			assertThat(storedCount("Patient", "identifier=" + GodStartIg.CPR_SYSTEM + "|2407951234"))
					.as("no patient half stored for a refused message").isZero();
			for (Adt refused : List.of(withoutCpr, unknownEvent, strangeWard, newWoman)) {
				assertThat(storedCount("Encounter", "identifier=" + AdtToFhir.VISIT_NUMBER_SYSTEM + refused.facility
						+ "|" + refused.visit)).isZero();
			}
			assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_adt_message WHERE control_id IN (?, ?)",
					Integer.class, strangeWard.controlId, newWoman.controlId))
					.as("so the sender can send them again once fixed").isZero();
		}
	}

	@Test
	void aNewbornMakesHerAdmissionTheDeliveryBothInHerPregnancy() {
		Adt admission = new Adt("A01", ward, cpr(ditte));
		Adt newborn = new Adt("A01", ward, MaternityNetwork.newWomanCpr());
		newborn.family = "Jensen";
		newborn.given = "Pige";
		newborn.birth = "202511241412";
		newborn.motherCpr = cpr(ditte);
		try (MllpClient pas = new MllpClient(mllpPort())) {
			assertThat(MllpClient.field(pas.send(admission.text()), "MSA", 1)).isEqualTo("AA");
			assertThat(MllpClient.field(pas.send(newborn.text()), "MSA", 1)).isEqualTo("AA");
		}
		Encounter delivery = visit(admission.visit);
		assertThat(delivery.getType()).anySatisfy(type -> assertThat(type.getCodingFirstRep().getCode()).isEqualTo("delivery"));
		assertThat(((org.hl7.fhir.r4.model.DateTimeType) delivery.getExtensionByUrl(GodStartIg.Extensions.DELIVERY_TIME).getValue())
				.getValue().toInstant().toString()).isEqualTo("2025-11-24T13:12:00Z");
		Encounter childsStay = visit(newborn.visit);
		assertThat(childsStay.getPartOf().getReference()).isEqualTo("Encounter/" + delivery.getIdElement().getIdPart());
		assertThat(childsStay.getEpisodeOfCareFirstRep().getReference())
				.isEqualTo("EpisodeOfCare/" + pregnancy.getIdElement().getIdPart());
		assertThat(storedCount("Patient", "identifier=" + GodStartIg.CPR_SYSTEM + "|" + newborn.cpr)).isEqualTo(1);
	}

	@Test
	void theBabyGoesHomeAfterHerMotherAndABirthSentInErrorIsTakenBack() {
		network.signAgreement();
		Adt admission = new Adt("A01", ward, cpr(ditte));
		Adt newborn = new Adt("A01", ward, MaternityNetwork.newWomanCpr());
		newborn.given = "Pige";
		newborn.birth = "202511241412";
		newborn.motherCpr = cpr(ditte);
		Adt motherHome = admission.copy("A03");
		motherHome.discharged = "202511251012";
		Adt babyHome = newborn.copy("A03");
		babyHome.discharged = "202511251030";
		Adt babyUpdated = newborn.copy("A08");
		babyUpdated.given = "Ida";
		try (MllpClient pas = new MllpClient(mllpPort())) {
			for (Adt message : List.of(admission, newborn, motherHome, babyHome, babyUpdated)) {
				assertThat(MllpClient.field(pas.send(message.text()), "MSA", 1)).as(message.event).isEqualTo("AA");
			}
		}
		assertThat(visit(babyHome.visit).getStatus()).as("the child's own discharge, after her mother's")
				.isEqualTo(Encounter.EncounterStatus.FINISHED);
		assertThat(postnatalVisits(visit(admission.visit))).hasSize(1);

		// a later stay: a birth registered on the wrong mother, cancelled before she goes home
		Adt again = new Adt("A01", ward, cpr(ditte));
		again.admitted = "202512010800";
		Adt wrongBirth = new Adt("A01", ward, MaternityNetwork.newWomanCpr());
		wrongBirth.birth = "202512011000";
		wrongBirth.motherCpr = cpr(ditte);
		Adt cancelled = wrongBirth.copy("A11");
		Adt home = again.copy("A03");
		home.discharged = "202512011500";
		try (MllpClient pas = new MllpClient(mllpPort())) {
			for (Adt message : List.of(again, wrongBirth, cancelled, home)) {
				assertThat(MllpClient.field(pas.send(message.text()), "MSA", 1)).as(message.event).isEqualTo("AA");
			}
		}
		Encounter stay = visit(again.visit);
		assertThat(stay.getType()).noneSatisfy(type -> assertThat(type.getCodingFirstRep().getCode()).isEqualTo("delivery"));
		assertThat(stay.getExtensionByUrl(GodStartIg.Extensions.DELIVERY_TIME)).isNull();
		assertThat(postnatalVisits(stay)).as("no birth, no home visit owed").isEmpty();
	}

	@Autowired
	dk.godstart.hub.profiles.GodStartValidator validator;

	@Test
	void aalborgIsToldWhenDitteIsAdmittedAndDischarged() {
		network.signAgreement();
		network.create(network.referral(ditte, true));
		Adt admission = new Adt("A01", ward, cpr(ditte));
		Adt discharge = admission.copy("A03");
		discharge.discharged = "202511251000";
		try (MllpClient pas = new MllpClient(mllpPort())) {
			for (Adt message : List.of(admission, admission.copy("A21"), admission.copy("A22"), discharge)) {
				assertThat(MllpClient.field(pas.send(message.text()), "MSA", 1)).isEqualTo("AA");
			}
		}
		List<String> events = List.of("admission", "leave-started", "leave-ended", "discharge");
		List<dk.godstart.hub.server.support.FhirReceiver.Received> atAalborg = await(
				"Aalborg to be told of her stay").atMost(java.time.Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg").stream()
						.filter(r -> events.contains(r.header().getEventCoding().getCode())).toList(),
				list -> list.size() >= 4);
		assertThat(atAalborg).extracting(r -> r.header().getEventCoding().getCode()).as("in the order it happened")
				.containsExactlyElementsOf(events);
		dk.godstart.hub.server.support.FhirReceiver.Received discharged = atAalborg.get(3);
		assertThat(discharged.header().getSender().getReference())
				.isEqualTo("Organization/" + network.familyAmbulatory.getIdElement().getIdPart());
		assertThat(discharged.message().getEntry()).anySatisfy(entry -> assertThat(entry.getResource())
				.isInstanceOfSatisfying(Encounter.class, stay -> assertThat(stay.getStatus())
						.isEqualTo(Encounter.EncounterStatus.FINISHED)));
		assertThat(dk.godstart.hub.profiles.GodStartValidator.errors(validator.validate(discharged.message(),
				GodStartIg.Profiles.HUB_MESSAGE))).as("a HubMessage like any other").isEmpty();
	}

	@Test
	void aDeathInHospitalIsReportedAsSuch() {
		network.signAgreement();
		network.create(network.referral(ditte, true));
		Adt admission = new Adt("A01", ward, cpr(ditte));
		Adt death = admission.copy("A03");
		death.discharged = "202511251000";
		death.dischargeDisposition = "20";
		try (MllpClient pas = new MllpClient(mllpPort())) {
			assertThat(MllpClient.field(pas.send(admission.text()), "MSA", 1)).isEqualTo("AA");
			assertThat(MllpClient.field(pas.send(death.text()), "MSA", 1)).isEqualTo("AA");
		}
		await("Aalborg to be told").atMost(java.time.Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg").stream().map(r -> r.header().getEventCoding().getCode()).toList(),
				codes -> codes.contains("death"));
		assertThat(receiver.receivedAt("aalborg")).extracting(r -> r.header().getEventCoding().getCode())
				.doesNotContain("discharge");
	}

	@Test
	void aWomanTheHubDoesNotFollowCloselyIsNotReported() {
		network.signAgreement();
		Adt admission = new Adt("A01", ward, cpr(ditte)); // no referral, no care level 3-4
		try (MllpClient pas = new MllpClient(mllpPort())) {
			assertThat(MllpClient.field(pas.send(admission.text()), "MSA", 1)).isEqualTo("AA");
		}
		await("the admission event to be routed").atMost(java.time.Duration.ofSeconds(20))
				.until(() -> jdbc.queryForObject("SELECT count(*) FROM hub_outbox_event WHERE event_code = 'admission' AND focus_id = ?"
						+ " AND state = 'routed'", Integer.class, visit(admission.visit).getIdElement().getIdPart()), n -> n == 1);
		assertThat(receiver.receivedAt("aalborg")).isEmpty();
	}

	@Test
	void aFirstTimeMotherHomeTwentyHoursAfterTheBirthGetsAHomeVisitAndTheHealthVisitorsAreTold() {
		network.signAgreement();
		Encounter stay = birthAndDischarge("202511251012"); // born 14:12, home 10:12 the next day: 20 hours

		org.hl7.fhir.r4.model.Task visit = postnatalVisits(stay).stream().findFirst().orElseThrow();
		assertThat(visit.getStatus()).isEqualTo(org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED);
		assertThat(visit.getOwner().getReference()).as("the agreement names Aalborg: its health visitors")
				.isEqualTo("Organization/" + network.aalborgHealthVisitors.getIdElement().getIdPart());
		assertThat(visit.getFor().getReference()).isEqualTo("Patient/" + ditte.getIdElement().getIdPart());
		assertThat(visit.getRestriction().getPeriod().getEnd().toInstant().toString())
				.as("due two days after she went home").isEqualTo("2025-11-27T09:12:00Z");
		dk.godstart.hub.server.support.FhirReceiver.Received told = await(
				"the health visitors to be told").atMost(java.time.Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("health-visitors"), list -> !list.isEmpty()).get(0);
		assertThat(told.header().getEventCoding().getCode()).isEqualTo("postnatal-home-visit");
		assertThat(dk.godstart.hub.profiles.GodStartValidator.errors(validator.validate(visit,
				GodStartIg.Profiles.POSTNATAL_HOME_VISIT_TASK))).isEmpty();
	}

	@Test
	void aMotherWhoStayedFiftyHoursIsOwedNoHomeVisit() {
		network.signAgreement();
		Encounter stay = birthAndDischarge("202511261612"); // 50 hours after the birth
		assertThat(stay.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
		assertThat(postnatalVisits(stay)).isEmpty();
	}

	@Test
	void theRegionsYearlyFollowUpCountsTheWardsFirstTimeMothers() throws Exception {
		network.signAgreement();
		Encounter early = birthAndDischarge("202511251012");
		ditte = network.ditte();
		pregnancy = network.pregnancy(ditte);
		birthAndDischarge("202511261612");
		org.hl7.fhir.r4.model.Task visit = postnatalVisits(early).get(0);
		// the health visitors' system records the visit as made
		ca.uhn.fhir.rest.client.api.IGenericClient healthVisitors = clientFor(MaternityNetwork.AALBORG_CLAIM,
				List.of("system/Task.cruds", "system/Encounter.rs", "system/Patient.rs"));
		visit.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED);
		healthVisitors.update().resource(visit).execute();

		java.net.http.HttpResponse<String> answer = send(request("/fhir/MeasureReport/$postnatal-report?period=2025&site=" + ward)
				.header("Authorization", bearer(operatorToken)));
		assertThat(answer.statusCode()).isEqualTo(200);
		org.hl7.fhir.r4.model.Bundle reports = fhirContext.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class, answer.body());
		org.hl7.fhir.r4.model.MeasureReport report = (org.hl7.fhir.r4.model.MeasureReport) reports.getEntryFirstRep().getResource();
		assertThat(report.getMeasure()).isEqualTo("http://godstart.dk/fhir/Measure/postnatal-follow-up");
		assertThat(report.getReporter().getReference()).isEqualTo("Organization/" + network.familyAmbulatory.getIdElement().getIdPart());
		assertThat(report.getGroupFirstRep().getPopulation()).extracting(p -> p.getCode().getCodingFirstRep().getCode() + "=" + p.getCount())
				.containsExactly("first-time-mothers=2", "stayed-two-days=1", "home-within-24h=1", "home-visit-task=1",
						"home-visit-completed=1");
		assertThat(send(request("/fhir/MeasureReport/$postnatal-report?period=last-year").header("Authorization",
				bearer(operatorToken))).statusCode()).as("a period it cannot read").isEqualTo(400);
	}

	/** Ditte admitted, her daughter born at 14:12, Ditte discharged at {@code discharged}; her delivery stay. */
	private Encounter birthAndDischarge(String discharged) {
		Adt admission = new Adt("A01", ward, cpr(ditte));
		Adt newborn = new Adt("A01", ward, MaternityNetwork.newWomanCpr());
		newborn.given = "Pige";
		newborn.birth = "202511241412";
		newborn.motherCpr = cpr(ditte);
		Adt discharge = admission.copy("A03");
		discharge.discharged = discharged;
		try (MllpClient pas = new MllpClient(mllpPort())) {
			for (Adt message : List.of(admission, newborn, discharge)) {
				assertThat(MllpClient.field(pas.send(message.text()), "MSA", 1)).isEqualTo("AA");
			}
		}
		return visit(admission.visit);
	}

	private List<org.hl7.fhir.r4.model.Task> postnatalVisits(Encounter stay) {
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add(org.hl7.fhir.r4.model.Task.SP_FOCUS, new ReferenceParam("Encounter/" + stay.getIdElement().getIdPart()));
		return daos.getResourceDao(org.hl7.fhir.r4.model.Task.class).searchForResources(search, new SystemRequestDetails())
				.stream().map(org.hl7.fhir.r4.model.Task.class::cast).toList();
	}

	private Encounter visit(String number) {
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add(Encounter.SP_IDENTIFIER, new TokenParam(AdtToFhir.VISIT_NUMBER_SYSTEM + ward, number));
		List<?> found = daos.getResourceDao(Encounter.class).searchForResources(search, new SystemRequestDetails());
		assertThat(found).as("visit " + number).hasSize(1);
		return (Encounter) found.get(0);
	}

	private static String cpr(Patient woman) {
		return woman.getIdentifierFirstRep().getValue();
	}
}
