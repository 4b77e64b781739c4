package dk.godstart.hub.routes.agreements;

import dk.godstart.hub.profiles.GodStartIg;
import java.util.Arrays;
import java.util.Optional;

/**
 * What allows a disclosure: the guide's {@code legal-basis} code system. An agreement term names one; it is checked
 * when the hub routes ({@link LegalBasisRule}).
 */
public enum LegalBasis {
	CONSENT("consent", "Consent"),
	DUTY_TO_NOTIFY("duty-to-notify", "Duty to notify"),
	TREATMENT("treatment", "Treatment"),
	STATISTICS_PSEUDONYMISED("statistics-pseudonymised", "Statistics, pseudonymised");

	public static final String SYSTEM = GodStartIg.CodeSystems.LEGAL_BASIS;

	private final String code;
	private final String display;

	LegalBasis(String code, String display) {
		this.code = code;
		this.display = display;
	}

	public String code() {
		return code;
	}

	public String display() {
		return display;
	}

	public static Optional<LegalBasis> fromCode(String code) {
		return Arrays.stream(values()).filter(basis -> basis.code.equals(code)).findFirst();
	}
}
