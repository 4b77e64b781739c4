package dk.godstart.hub.server.adt;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.adt.AdtMessage;
import dk.godstart.hub.routes.adt.AdtRejection;
import dk.godstart.hub.routes.adt.AdtStore;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores an ADT message as FHIR, in one transaction with its key in {@code hub_adt_message} (a repeat changes
 * nothing):
 * <ul>
 * <li>the person as a {@code Patient} found by CPR number, created when unknown (A08 also updates name, sex and
 * birth date; other events leave a known woman as she is registered);</li>
 * <li>the visit as an {@code Encounter} found by its number at the sending facility: class, status (in progress;
 * finished at A03, with discharge disposition {@code exp} when she died; cancelled at A11; in progress again at A13;
 * on leave from A21 until A22), period, location, the facility as service provider,
 * and her active pregnancy ({@code EpisodeOfCare}) as its episode;</li>
 * <li>a newborn (PID-21 names the mother): at the child's admission (A01/A04), the child as a Patient, the child's
 * visit as part of the mother's current visit at the same facility, which becomes her delivery encounter: type
 * {@code delivery} and the birth time ({@code delivery-time}), both linked to her pregnancy. Later messages about the
 * child (a discharge after the mother's, a transfer) are the child's own; an A11 cancelling the child's admission
 * takes the delivery marking back unless a sibling's stay still stands.</li>
 * </ul>
 * The writes are the hub's own transformation of a received message: profile enforcement applies to them as to any
 * write (a Patient must meet DkMaternityPatient).
 */
public class JpaAdtStore implements AdtStore {

	public static final String VISIT_NUMBER_SYSTEM = GodStartIg.CANONICAL + "/sid/visit-number/";
	public static final String ENCOUNTER_TYPE_SYSTEM = GodStartIg.CANONICAL + "/CodeSystem/encounter-type";
	public static final String DELIVERY_TIME = GodStartIg.CANONICAL + "/StructureDefinition/delivery-time";
	static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	static final String EPISODE_TYPE_SYSTEM = GodStartIg.CANONICAL + "/CodeSystem/episode-type";
	public static final String FIRST_TIME_MOTHER = GodStartIg.CANONICAL + "/StructureDefinition/first-time-mother";
	public static final String HUB_TASK_SYSTEM = GodStartIg.CANONICAL + "/CodeSystem/hub-task-code";
	public static final String POSTNATAL_HOME_VISIT_TASK = GodStartIg.CANONICAL + "/StructureDefinition/postnatal-home-visit-task";

	private final DaoRegistry daos;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transaction;
	private final dk.godstart.hub.routes.routing.RoutingPolicy routing;
	private final java.time.Duration visitWithin;

	public JpaAdtStore(DaoRegistry daos, JdbcTemplate jdbc, TransactionTemplate transaction,
			dk.godstart.hub.routes.routing.RoutingPolicy routing, java.time.Duration visitWithin) {
		this.routing = routing;
		this.visitWithin = visitWithin;
		this.daos = daos;
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	@Override
	public Outcome store(AdtMessage message) {
		return transaction.execute(status -> {
			int fresh = jdbc.update("""
					INSERT INTO hub_adt_message (sending_facility, control_id, event) VALUES (?, ?, ?)
					ON CONFLICT DO NOTHING""", message.sendingFacility(), message.controlId(), message.event());
			if (fresh == 0) {
				return Outcome.REPEATED;
			}
			Organization facility = facility(message.sendingFacility());
			Patient person = person(message);
			Optional<EpisodeOfCare> pregnancy = message.isNewborn()
					? findPatient(message.motherCpr()).flatMap(this::activePregnancy)
					: activePregnancy(person);
			Encounter visit = visit(message, person, facility, pregnancy);
			if (message.isNewborn()) {
				switch (message.event()) {
					// the birth: her admission makes the mother's current stay the delivery (once)
					case "A01", "A04" -> {
						if (!visit.hasPartOf()) {
							delivery(message, facility, visit);
						}
					}
					// her admission was sent in error: so was the delivery, unless a sibling's stands
					case "A11" -> deliveryCancelled(visit);
					// later news of the child (transfer, discharge, update) says nothing new about the delivery
					default -> { }
				}
			}
			if ("A03".equals(message.event())) {
				postnatalRule(visit, person, facility, pregnancy);
			}
			return Outcome.STORED;
		});
	}

	private Organization facility(String sor) {
		return search(Organization.class, SearchParameterMap.newSynchronous()
				.add(Organization.SP_IDENTIFIER, new TokenParam(GodStartIg.SOR_SYSTEM, sor))).stream().findFirst()
				.orElseThrow(() -> new AdtRejection(AcknowledgmentCode.AE, ErrorCode.UNKNOWN_KEY_IDENTIFIER,
						"MSH-4: the sending facility " + sor + " is not an organisation known to the hub by SOR code"));
	}

	private Patient person(AdtMessage message) {
		AdtMessage.Person data = message.person();
		Optional<Patient> known = findPatient(data.cpr());
		if (known.isPresent() && !"A08".equals(message.event())) {
			return known.get();
		}
		Patient patient = known.orElseGet(Patient::new);
		if (known.isEmpty()) {
			patient.getMeta().addProfile(GodStartIg.Profiles.PATIENT);
			patient.addIdentifier().setSystem(GodStartIg.CPR_SYSTEM).setValue(data.cpr());
			patient.setActive(true);
			if (data.municipalityCode() != null) {
				patient.addAddress().setUse(org.hl7.fhir.r4.model.Address.AddressUse.HOME)
						.addExtension(GodStartIg.MUNICIPALITY_CODE_EXTENSION, new CodeableConcept(
								new Coding(GodStartIg.MUNICIPALITY_CODE_SYSTEM, data.municipalityCode(), null)));
			}
		}
		patient.getName().clear();
		patient.addName().setFamily(data.family()).setGiven(data.given().stream()
				.map(org.hl7.fhir.r4.model.StringType::new).toList());
		if (data.gender() != null) {
			patient.setGender(Enumerations.AdministrativeGender.fromCode(data.gender()));
		}
		if (data.birthDate() != null) {
			patient.setBirthDate(java.sql.Date.valueOf(data.birthDate()));
			if (data.birthTime() != null) {
				patient.getBirthDateElement().addExtension("http://hl7.org/fhir/StructureDefinition/patient-birthTime",
						new DateTimeType(Date.from(data.birthTime())));
			}
		}
		IFhirResourceDao<Patient> dao = daos.getResourceDao(Patient.class);
		if (known.isEmpty()) {
			return (Patient) dao.create(patient, new SystemRequestDetails()).getResource();
		}
		patient.setId(patient.getIdElement().toUnqualifiedVersionless());
		return (Patient) Objects.requireNonNullElse(dao.update(patient, new SystemRequestDetails()).getResource(), patient);
	}

	private Encounter visit(AdtMessage message, Patient person, Organization facility, Optional<EpisodeOfCare> pregnancy) {
		AdtMessage.Visit data = message.visit();
		String system = VISIT_NUMBER_SYSTEM + message.sendingFacility();
		Optional<Encounter> known = search(Encounter.class, SearchParameterMap.newSynchronous()
				.add(Encounter.SP_IDENTIFIER, new TokenParam(system, data.number()))).stream().findFirst();
		if (known.isEmpty() && ("A11".equals(message.event()) || "A13".equals(message.event()))) {
			throw new AdtRejection(AcknowledgmentCode.AE, ErrorCode.UNKNOWN_KEY_IDENTIFIER, "PV1-19: " + message.event()
					+ " cancels something of visit " + data.number() + ", which the hub has not received");
		}
		Encounter visit = known.orElseGet(Encounter::new);
		if (known.isEmpty()) {
			visit.addIdentifier().setSystem(system).setValue(data.number());
		}
		visit.setSubject(reference(person));
		visit.setServiceProvider(reference(facility));
		visit.setClass_(new Coding(ACT_CODE, switch (data.patientClass() == null ? "" : data.patientClass()) {
			case "I" -> "IMP";
			case "E" -> "EMER";
			default -> "AMB";
		}, null));
		switch (message.event()) {
			case "A03" -> {
				visit.setStatus(Encounter.EncounterStatus.FINISHED);
				if (data.died()) {
					visit.getHospitalization().setDischargeDisposition(new CodeableConcept(new Coding(
							"http://terminology.hl7.org/CodeSystem/discharge-disposition", "exp", "Expired")));
				}
			}
			case "A21" -> visit.setStatus(Encounter.EncounterStatus.ONLEAVE);
			case "A22" -> visit.setStatus(Encounter.EncounterStatus.INPROGRESS);
			case "A11" -> visit.setStatus(Encounter.EncounterStatus.CANCELLED);
			case "A13" -> {
				visit.setStatus(Encounter.EncounterStatus.INPROGRESS);
				visit.getPeriod().setEndElement(null);
			}
			default -> {
				if (visit.getStatus() != Encounter.EncounterStatus.FINISHED) {
					visit.setStatus(Encounter.EncounterStatus.INPROGRESS);
				}
			}
		}
		if (data.admitted() != null) {
			visit.getPeriod().setStart(Date.from(data.admitted()));
		}
		if ("A03".equals(message.event()) && data.discharged() != null) {
			visit.getPeriod().setEnd(Date.from(data.discharged()));
		}
		if (data.location() != null) {
			visit.getLocation().clear();
			visit.addLocation().setLocation(new Reference().setDisplay(data.location()));
		}
		pregnancy.ifPresent(episode -> {
			if (visit.getEpisodeOfCare().stream().noneMatch(ref -> ref.getReferenceElement().getIdPart()
					.equals(episode.getIdElement().getIdPart()))) {
				visit.addEpisodeOfCare(reference(episode));
			}
		});
		return save(visit, known.isPresent());
	}

	/** The newborn's visit is part of the mother's current visit at the facility: her delivery encounter. */
	private void delivery(AdtMessage message, Organization facility, Encounter newbornVisit) {
		Patient mother = findPatient(message.motherCpr()).orElseThrow(() -> new AdtRejection(AcknowledgmentCode.AE,
				ErrorCode.UNKNOWN_KEY_IDENTIFIER, "PID-21: the mother " + message.motherCpr() + " is not known to the hub"));
		SearchParameterMap current = SearchParameterMap.newSynchronous()
				.add(Encounter.SP_SUBJECT, new ReferenceParam("Patient/" + mother.getIdElement().getIdPart()))
				.add(Encounter.SP_STATUS, new TokenParam("in-progress"))
				.add(Encounter.SP_SERVICE_PROVIDER, new ReferenceParam("Organization/" + facility.getIdElement().getIdPart()));
		Encounter motherVisit = search(Encounter.class, current).stream().findFirst().orElseThrow(() -> new AdtRejection(
				AcknowledgmentCode.AE, ErrorCode.UNKNOWN_KEY_IDENTIFIER, "PID-21: the mother " + message.motherCpr()
						+ " has no current admission at " + message.sendingFacility() + " to be her delivery"));
		newbornVisit.setPartOf(reference(motherVisit));
		save(newbornVisit, true);
		if (!motherVisit.getType().stream().anyMatch(type -> type.hasCoding(ENCOUNTER_TYPE_SYSTEM, "delivery"))) {
			motherVisit.addType(new CodeableConcept(new Coding(ENCOUNTER_TYPE_SYSTEM, "delivery", "Delivery")));
		}
		if (message.person().birthTime() != null && motherVisit.getExtensionByUrl(DELIVERY_TIME) == null) {
			motherVisit.addExtension(DELIVERY_TIME, new DateTimeType(Date.from(message.person().birthTime())));
		}
		save(motherVisit, true);
	}

	/**
	 * A newborn's admission cancelled (A11): the mother's stay stops being a delivery, unless another child's stay that
	 * is not cancelled is still part of it (twins). Her discharge then owes no postnatal home visit.
	 */
	private void deliveryCancelled(Encounter newbornVisit) {
		if (!newbornVisit.hasPartOf()) {
			return;
		}
		String motherVisitId = newbornVisit.getPartOf().getReferenceElement().getIdPart();
		SearchParameterMap siblings = SearchParameterMap.newSynchronous()
				.add(Encounter.SP_PART_OF, new ReferenceParam("Encounter/" + motherVisitId));
		boolean anotherChild = search(Encounter.class, siblings).stream()
				.anyMatch(child -> !child.getIdElement().getIdPart().equals(newbornVisit.getIdElement().getIdPart())
						&& child.getStatus() != Encounter.EncounterStatus.CANCELLED);
		if (anotherChild) {
			return;
		}
		Encounter motherVisit = daos.getResourceDao(Encounter.class)
				.read(new IdType("Encounter", motherVisitId), new SystemRequestDetails());
		boolean changed = motherVisit.getType().removeIf(type -> type.hasCoding(ENCOUNTER_TYPE_SYSTEM, "delivery"));
		changed |= motherVisit.getExtension().removeIf(extension -> DELIVERY_TIME.equals(extension.getUrl()));
		if (changed) {
			save(motherVisit, true);
		}
	}

	/**
	 * The birth package's right of first-time mothers: discharged less than 24 hours after the birth, she is owed a
	 * home visit. A Task for it is created with the discharge, owned by whoever the agreement names (else the birth
	 * site, which must then arrange it) and due {@code postnatal.visit-within} after the discharge; its creation
	 * notifies the owner and her municipality's health visitors through the outbox like any event.
	 */
	private void postnatalRule(Encounter stay, Patient mother, Organization birthSite, Optional<EpisodeOfCare> pregnancy) {
		org.hl7.fhir.r4.model.Extension born = stay.getExtensionByUrl(DELIVERY_TIME);
		if (born == null || !stay.getPeriod().hasEnd() || pregnancy.isEmpty()) {
			return;
		}
		org.hl7.fhir.r4.model.Extension firstTime = pregnancy.get().getExtensionByUrl(FIRST_TIME_MOTHER);
		if (firstTime == null || !Boolean.TRUE.equals(((org.hl7.fhir.r4.model.BooleanType) firstTime.getValue()).getValue())) {
			return;
		}
		java.time.Instant birth = ((DateTimeType) born.getValue()).getValue().toInstant();
		java.time.Instant discharged = stay.getPeriod().getEnd().toInstant();
		if (!java.time.Duration.between(birth, discharged).minus(java.time.Duration.ofHours(24)).isNegative()) {
			return;
		}
		boolean exists = !search(org.hl7.fhir.r4.model.Task.class, SearchParameterMap.newSynchronous()
				.add(org.hl7.fhir.r4.model.Task.SP_FOCUS, new ReferenceParam("Encounter/" + stay.getIdElement().getIdPart()))
				.add(org.hl7.fhir.r4.model.Task.SP_CODE, new TokenParam(HUB_TASK_SYSTEM, "postnatal-home-visit"))).isEmpty();
		if (exists) {
			return; // a discharge taken back (A13) and made again owes one visit, not two
		}
		Organization owner = routing.postnatalVisitOwner(birthSite, mother).orElse(birthSite);
		org.hl7.fhir.r4.model.Task visit = new org.hl7.fhir.r4.model.Task();
		visit.getMeta().addProfile(POSTNATAL_HOME_VISIT_TASK);
		visit.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED);
		visit.setIntent(org.hl7.fhir.r4.model.Task.TaskIntent.ORDER);
		visit.setCode(new CodeableConcept(new Coding(HUB_TASK_SYSTEM, "postnatal-home-visit", "Postnatal home visit")));
		visit.setFocus(reference(stay));
		visit.setFor(reference(mother));
		visit.setAuthoredOn(new Date());
		visit.setRequester(reference(birthSite));
		visit.setOwner(reference(owner));
		visit.getRestriction().getPeriod().setEnd(Date.from(discharged.plus(visitWithin)));
		daos.getResourceDao(org.hl7.fhir.r4.model.Task.class).create(visit, new SystemRequestDetails());
	}

	private Optional<EpisodeOfCare> activePregnancy(Patient woman) {
		return search(EpisodeOfCare.class, SearchParameterMap.newSynchronous()
				.add(EpisodeOfCare.SP_PATIENT, new ReferenceParam("Patient/" + woman.getIdElement().getIdPart()))
				.add(EpisodeOfCare.SP_STATUS, new TokenParam("active"))).stream()
				.filter(episode -> episode.getType().stream().anyMatch(type -> type.hasCoding(EPISODE_TYPE_SYSTEM, "pregnancy")))
				.findFirst();
	}

	private Optional<Patient> findPatient(String cpr) {
		return search(Patient.class, SearchParameterMap.newSynchronous()
				.add(Patient.SP_IDENTIFIER, new TokenParam(GodStartIg.CPR_SYSTEM, cpr))).stream().findFirst();
	}

	private Encounter save(Encounter visit, boolean exists) {
		IFhirResourceDao<Encounter> dao = daos.getResourceDao(Encounter.class);
		if (!exists) {
			return (Encounter) dao.create(visit, new SystemRequestDetails()).getResource();
		}
		visit.setId(visit.getIdElement().toUnqualifiedVersionless());
		var outcome = dao.update(visit, new SystemRequestDetails());
		return outcome.getResource() == null ? visit : (Encounter) outcome.getResource();
	}

	private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap search) {
		return daos.getResourceDao(type).searchForResources(search, new SystemRequestDetails());
	}

	private static Reference reference(org.hl7.fhir.r4.model.Resource resource) {
		return new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
	}
}
