package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg;
import org.hl7.fhir.r4.model.Coding;

/** Whether a recipient is expected to act on a notification or is kept informed. */
public enum DestinationUse {
	PRIMARY("primary", "Primary"),
	CC("cc", "Copy");

	public static final String SYSTEM = GodStartIg.CodeSystems.DESTINATION_USE;

	private final String code;
	private final String display;

	DestinationUse(String code, String display) {
		this.code = code;
		this.display = display;
	}

	public String code() {
		return code;
	}

	public Coding coding() {
		return new Coding(SYSTEM, code, display);
	}

	public static DestinationUse fromCode(String code) {
		return PRIMARY.code.equals(code) ? PRIMARY : CC;
	}
}
