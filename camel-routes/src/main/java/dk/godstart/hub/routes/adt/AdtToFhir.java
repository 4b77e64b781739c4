package dk.godstart.hub.routes.adt;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartIg.CodeSystems;
import dk.godstart.hub.profiles.GodStartIg.Codes.EncounterType;
import dk.godstart.hub.profiles.GodStartIg.Codes.EpisodeType;
import dk.godstart.hub.profiles.GodStartIg.Extensions;
import dk.godstart.hub.profiles.GodStartIg.Profiles;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * What an ADT message says, as the FHIR resources the hub keeps. It reads and writes nothing: the store looks up what
 * is already stored (by the keys named here), hands it in, and writes what comes back, so the mapping can be tested
 * on message text alone and every store maps alike.
 * <ul>
 * <li>the person: a {@code Patient} by CPR number, created when unknown; an A08 also updates name, sex and birth
 * date; other events leave a known person as she is registered;</li>
 * <li>the visit: an {@code Encounter} by its number at the sending facility: class, status (in progress; finished at
 * A03, with discharge disposition {@code exp} when she died; cancelled at A11; in progress again at A13; on leave
 * from A21 until A22), period, location, the facility as service provider, and her active pregnancy
 * ({@code EpisodeOfCare}) as its episode;</li>
 * <li>a newborn (PID-21 names the mother): at the child's admission (A01/A04) the child's visit becomes part of the
 * mother's current stay at the same facility, which becomes her delivery: type {@code delivery} and the birth time
 * ({@code delivery-time}). Later messages about the child are the child's own; an A11 cancelling the child's
 * admission takes the delivery marking back unless a sibling's stay still stands.</li>
 * </ul>
 * Twins: each child's stay becomes part of the same delivery stay, and the delivery time is the birth time of the
 * first child whose admission the hub was told of (the marking is made once and not moved by a later child). A
 * cancelled child whose sibling stands leaves the marking, that first birth time included, as it is.
 */
public class AdtToFhir {

	public static final String VISIT_NUMBER_SYSTEM = GodStartIg.CANONICAL + "/sid/visit-number/";
	static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	static final String DISCHARGE_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
	static final String BIRTH_TIME = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";

	/** What a message means for a birth, once its child's visit is stored. */
	public enum Birth {
		/** Nothing: not a newborn, or news of a child whose birth is already marked. */
		NONE,
		/** The child's admission: the mother's current stay becomes the delivery. */
		BORN,
		/** The child's admission was sent in error: the delivery may have been too. */
		CANCELLED
	}

	/** The identifier system of the sending facility's visit numbers: PV1-19 is unique at its facility only. */
	public static String visitNumberSystem(String sendingFacility) {
		return VISIT_NUMBER_SYSTEM + sendingFacility;
	}

	/**
	 * The person to write, given who is stored with her CPR number: a new Patient when nobody is, the known one
	 * brought up to date by an A08, and nothing for other events about a known person (the hospital's registration
	 * does not override what the hub knows of her).
	 */
	public Optional<Patient> person(AdtMessage message, Optional<Patient> known) {
		if (known.isPresent() && message.event() != AdtEvent.A08) {
			return Optional.empty();
		}
		AdtMessage.Person data = message.person();
		Patient patient = known.orElseGet(Patient::new);
		if (known.isEmpty()) {
			patient.getMeta().addProfile(Profiles.PATIENT);
			patient.addIdentifier().setSystem(GodStartIg.CPR_SYSTEM).setValue(data.cpr());
			patient.setActive(true);
			if (data.municipalityCode() != null) {
				patient.addAddress().setUse(Address.AddressUse.HOME)
						.addExtension(GodStartIg.MUNICIPALITY_CODE_EXTENSION, new CodeableConcept(
								new Coding(GodStartIg.MUNICIPALITY_CODE_SYSTEM, data.municipalityCode(), null)));
			}
		}
		patient.getName().clear();
		patient.addName().setFamily(data.family()).setGiven(data.given().stream().map(StringType::new).toList());
		if (data.gender() != null) {
			patient.setGender(Enumerations.AdministrativeGender.fromCode(data.gender()));
		}
		if (data.birthDate() != null) {
			patient.setBirthDate(java.sql.Date.valueOf(data.birthDate()));
			if (data.birthTime() != null) {
				patient.getBirthDateElement().addExtension(BIRTH_TIME, new DateTimeType(Date.from(data.birthTime())));
			}
		}
		return Optional.of(patient);
	}

	/**
	 * The visit to write, given the one stored with its number at the sending facility (if any), the stored person
	 * and facility, and her active pregnancy (the mother's, for a newborn).
	 *
	 * @throws AdtRejection for an A11 or A13 of a visit the hub never received: there is nothing to take back
	 */
	public Encounter visit(AdtMessage message, Optional<Encounter> known, Patient person, Organization facility,
			Optional<EpisodeOfCare> pregnancy) {
		AdtMessage.Visit data = message.visit();
		AdtEvent event = message.event();
		if (known.isEmpty() && event.cancels()) {
			throw new AdtRejection(AcknowledgmentCode.AE, ErrorCode.UNKNOWN_KEY_IDENTIFIER, "PV1-19: " + event
					+ " cancels something of visit " + data.number() + ", which the hub has not received");
		}
		Encounter visit = known.orElseGet(Encounter::new);
		if (known.isEmpty()) {
			visit.addIdentifier().setSystem(visitNumberSystem(message.sendingFacility())).setValue(data.number());
		}
		visit.setSubject(reference(person));
		visit.setServiceProvider(reference(facility));
		visit.setClass_(new Coding(ACT_CODE, switch (data.patientClass() == null ? "" : data.patientClass()) {
			case "I" -> "IMP";
			case "E" -> "EMER";
			default -> "AMB";
		}, null));
		switch (event) {
			case A03 -> {
				visit.setStatus(Encounter.EncounterStatus.FINISHED);
				if (data.died()) {
					visit.getHospitalization().setDischargeDisposition(new CodeableConcept(
							new Coding(DISCHARGE_DISPOSITION, "exp", "Expired")));
				}
			}
			case A21 -> visit.setStatus(Encounter.EncounterStatus.ONLEAVE);
			case A22 -> visit.setStatus(Encounter.EncounterStatus.INPROGRESS);
			case A11 -> visit.setStatus(Encounter.EncounterStatus.CANCELLED);
			case A13 -> {
				visit.setStatus(Encounter.EncounterStatus.INPROGRESS);
				visit.getPeriod().setEndElement(null);
			}
			case A01, A02, A04, A08 -> {
				if (visit.getStatus() != Encounter.EncounterStatus.FINISHED) {
					visit.setStatus(Encounter.EncounterStatus.INPROGRESS);
				}
			}
		}
		if (data.admitted() != null) {
			visit.getPeriod().setStart(Date.from(data.admitted()));
		}
		if (event == AdtEvent.A03 && data.discharged() != null) {
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
		return visit;
	}

	/** What the message means for a birth, given the child's visit as stored by this message. */
	public Birth birth(AdtMessage message, Encounter childsVisit) {
		if (!message.isNewborn()) {
			return Birth.NONE;
		}
		if (message.event().admits() && !childsVisit.hasPartOf()) {
			return Birth.BORN;
		}
		if (message.event() == AdtEvent.A11 && childsVisit.hasPartOf()) {
			return Birth.CANCELLED;
		}
		return Birth.NONE;
	}

	/** Whether a stay is marked as a delivery (its type). */
	public static boolean isDelivery(Encounter stay) {
		return stay.getType().stream()
				.anyMatch(type -> type.hasCoding(CodeSystems.ENCOUNTER_TYPE, EncounterType.DELIVERY));
	}

	/** The active pregnancy among a woman's active episodes of care. */
	public static Optional<EpisodeOfCare> pregnancy(List<EpisodeOfCare> activeEpisodes) {
		return activeEpisodes.stream()
				.filter(episode -> episode.getType().stream()
						.anyMatch(type -> type.hasCoding(CodeSystems.EPISODE_TYPE, EpisodeType.PREGNANCY)))
				.findFirst();
	}

	/**
	 * The mother a newborn's birth is marked on, as found by her CPR number (PID-21).
	 *
	 * @throws AdtRejection when the hub does not know her
	 */
	public Patient mother(AdtMessage message, Optional<Patient> found) {
		return found.orElseThrow(() -> new AdtRejection(AcknowledgmentCode.AE, ErrorCode.UNKNOWN_KEY_IDENTIFIER,
				"PID-21: the mother " + message.motherCpr() + " is not known to the hub"));
	}

	/**
	 * The birth: the child's visit becomes part of the mother's current stay at the facility, and that stay her
	 * delivery (its type, and the birth time unless a sibling's is already there). Both are changed in place and are
	 * to be written, the child's visit first.
	 *
	 * @param currentStay the mother's in-progress stay at the sending facility
	 * @return the mother's stay
	 * @throws AdtRejection when she has no current stay there
	 */
	public Encounter delivery(AdtMessage message, Encounter childsVisit, Optional<Encounter> currentStay) {
		Encounter stay = currentStay.orElseThrow(() -> new AdtRejection(AcknowledgmentCode.AE,
				ErrorCode.UNKNOWN_KEY_IDENTIFIER, "PID-21: the mother " + message.motherCpr()
						+ " has no current admission at " + message.sendingFacility() + " to be her delivery"));
		childsVisit.setPartOf(reference(stay));
		if (!isDelivery(stay)) {
			stay.addType(new CodeableConcept(
					new Coding(CodeSystems.ENCOUNTER_TYPE, EncounterType.DELIVERY, "Delivery")));
		}
		if (message.person().birthTime() != null && stay.getExtensionByUrl(Extensions.DELIVERY_TIME) == null) {
			stay.addExtension(Extensions.DELIVERY_TIME, new DateTimeType(Date.from(message.person().birthTime())));
		}
		return stay;
	}

	/** The id of the delivery stay a child's visit is part of. */
	public static String deliveryStayId(Encounter childsVisit) {
		return childsVisit.getPartOf().getReferenceElement().getIdPart();
	}

	/** Whether, besides this child's, another child's visit in the delivery still stands (twins). */
	public boolean anotherChildStands(Encounter childsVisit, List<Encounter> visitsPartOfTheDelivery) {
		return visitsPartOfTheDelivery.stream()
				.anyMatch(child -> !child.getIdElement().getIdPart().equals(childsVisit.getIdElement().getIdPart())
						&& child.getStatus() != Encounter.EncounterStatus.CANCELLED);
	}

	/**
	 * The birth taken back: the mother's stay stops being a delivery (its type and birth time removed), so her
	 * discharge owes no postnatal home visit. Returns the stay to write, or nothing when it was not marked.
	 */
	public Optional<Encounter> deliveryTakenBack(Encounter deliveryStay) {
		boolean changed = deliveryStay.getType()
				.removeIf(type -> type.hasCoding(CodeSystems.ENCOUNTER_TYPE, EncounterType.DELIVERY));
		changed |= deliveryStay.getExtension()
				.removeIf(extension -> Extensions.DELIVERY_TIME.equals(extension.getUrl()));
		return changed ? Optional.of(deliveryStay) : Optional.empty();
	}

	public static Reference reference(Resource resource) {
		return new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
	}
}
