package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.profiles.GodStartIg;
import java.util.Arrays;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Why the hub holds a notification back: the guide's {@code park-reason} code system. */
public enum ParkReason {
	NO_AGREEMENT("no-agreement", "No agreement"),
	NO_LEGAL_BASIS("no-legal-basis", "No legal basis"),
	NO_ENDPOINT("no-endpoint", "No endpoint"),
	REJECTED_BY_RECEIVER("rejected-by-receiver", "Rejected by receiver"),
	UNDELIVERABLE("undeliverable", "Undeliverable"),
	NO_ACKNOWLEDGEMENT("no-acknowledgement", "No acknowledgement");

	public static final String SYSTEM = GodStartIg.CodeSystems.PARK_REASON;

	private final String code;
	private final String display;

	ParkReason(String code, String display) {
		this.code = code;
		this.display = display;
	}

	public String code() {
		return code;
	}

	public String display() {
		return display;
	}

	public CodeableConcept concept(String text) {
		CodeableConcept concept = new CodeableConcept(new Coding(SYSTEM, code, display));
		return text == null ? concept : concept.setText(text);
	}

	public static Optional<ParkReason> fromCode(String code) {
		return Arrays.stream(values()).filter(reason -> reason.code.equals(code)).findFirst();
	}
}
