package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.profiles.GodStartIg;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an agreement lets a recipient know about the woman. A term for the event may say {@code pseudonymised}
 * (extension {@code data-minimisation}), and a term on the basis {@code statistics-pseudonymised} always does
 * ({@link dk.godstart.hub.routes.agreements.Agreement#pseudonymises}): the recipient then gets no CPR number, name, contact details, street address
 * or GP, only a pseudonym (HMAC-SHA256 of her CPR number with the hub's secret and the agreement, so it is the same in
 * every message under that agreement and different under another), her year of birth, and the municipality and
 * region of her address. Without that word she is sent as registered.
 */
public class DataMinimisation {

	public static final String PSEUDONYM_SYSTEM = GodStartIg.CANONICAL + "/sid/pseudonym/";

	private final JdbcTemplate jdbc;
	private volatile byte[] secret;

	public DataMinimisation(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The woman as a recipient under {@code agreementId} may see her when the agreement asks for pseudonyms. */
	public Patient pseudonymise(Patient registered, String agreementId) {
		Patient minimal = new Patient();
		minimal.setId(registered.getIdElement().getIdPart());
		String cpr = registered.getIdentifier().stream()
				.filter(identifier -> GodStartIg.CPR_SYSTEM.equals(identifier.getSystem()))
				.map(Identifier::getValue).findFirst().orElse(registered.getIdElement().getIdPart());
		minimal.addIdentifier().setSystem(PSEUDONYM_SYSTEM + agreementId).setValue(pseudonym(cpr, agreementId));
		if (registered.hasBirthDate()) {
			DateType year = new DateType();
			year.setValueAsString(registered.getBirthDateElement().getValueAsString().substring(0, 4));
			minimal.setBirthDateElement(year);
		}
		minimal.setGender(registered.getGender());
		for (Address address : registered.getAddress()) {
			Extension municipality = address.getExtensionByUrl(GodStartIg.MUNICIPALITY_CODE_EXTENSION);
			if (municipality != null || address.hasState()) {
				Address kept = minimal.addAddress().setUse(address.getUse()).setState(address.getState());
				if (municipality != null) {
					kept.addExtension(municipality.copy());
				}
			}
		}
		return minimal;
	}

	String pseudonym(String cpr, String agreementId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
			byte[] digest = mac.doFinal((agreementId + "|" + cpr).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
		}
	}

	private byte[] secret() {
		byte[] known = secret;
		if (known == null) {
			byte[] fresh = new byte[32];
			new SecureRandom().nextBytes(fresh);
			jdbc.update("INSERT INTO hub_pseudonym_key (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", fresh);
			known = jdbc.queryForObject("SELECT secret FROM hub_pseudonym_key WHERE id = 1", byte[].class);
			secret = known;
		}
		return known;
	}
}
