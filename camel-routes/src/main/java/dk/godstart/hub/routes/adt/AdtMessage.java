package dk.godstart.hub.routes.adt;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the hub takes from one HL7 v2 ADT message: the event, who sent it, the person it is about, the visit and, for
 * a newborn, the mother. Read by {@link AdtReader}; stored by an {@link AdtStore}.
 */
public record AdtMessage(AdtEvent event, String controlId, String sendingFacility, String version, Person person,
		Visit visit, String motherCpr) {

	/** A person as PID gives them: CPR number, name, gender, birth (date, and time when given) and home municipality. */
	public record Person(String cpr, String family, List<String> given, String gender, LocalDate birthDate,
			Instant birthTime, String municipalityCode) {}

	/**
	 * The visit as PV1 gives it: its number at the sending facility (PV1-19), class (I inpatient, O outpatient, E
	 * emergency), location, admission and discharge times, and whether it ended in death (PV1-36 20, PID-30 Y).
	 */
	public record Visit(String number, String patientClass, String location, Instant admitted, Instant discharged,
			boolean died) {}

	/** The message's key at its sender: a repeat of it carries the same. */
	public String key() {
		return "hl7v2|" + sendingFacility + "|" + controlId;
	}

	public boolean isNewborn() {
		return motherCpr != null;
	}
}
