package dk.godstart.hub.routes.adt;

import java.util.Arrays;
import java.util.Optional;

/**
 * The ADT trigger events the hub takes (MSH-9.2, HL7 table 0003), and what each means for the stay it is about. Any
 * other event is refused, so a mapping is never guessed for an event nobody thought through.
 */
public enum AdtEvent {

	/** Admit: an inpatient stay begins (for a newborn: the birth). */
	A01,
	/** Transfer to another location within the stay. */
	A02,
	/** Discharge: the stay ends (or she died, PV1-36/PID-30). */
	A03,
	/** Register: an outpatient or emergency visit begins (for a newborn: the birth, as for A01). */
	A04,
	/** Update of the person's or the visit's information. */
	A08,
	/** Cancel admit: the admission was sent in error. */
	A11,
	/** Cancel discharge: she is still there. */
	A13,
	/** Leave of absence begins. */
	A21,
	/** She returns from leave of absence. */
	A22;

	public static Optional<AdtEvent> fromCode(String code) {
		return Arrays.stream(values()).filter(event -> event.name().equals(code)).findFirst();
	}

	/** The person's (or child's) stay begins with this message: for a newborn, that is the birth. */
	public boolean admits() {
		return this == A01 || this == A04;
	}

	/** Takes back something the hub was told earlier, so it must already know the visit. */
	public boolean cancels() {
		return this == A11 || this == A13;
	}
}
