package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import dk.godstart.hub.routes.adt.AdtAcknowledgements;
import dk.godstart.hub.routes.adt.AdtEvent;
import dk.godstart.hub.routes.adt.AdtMessage;
import dk.godstart.hub.routes.adt.AdtReader;
import dk.godstart.hub.routes.adt.AdtRejection;
import org.junit.jupiter.api.Test;

/** What the hub reads from a maternity ward's ADT messages, whatever 2.x version the ward's system speaks. */
class AdtReaderTest {

	final AdtReader reader = new AdtReader();

	static String message(String version, String event, String pid3, String pv1Tail) {
		return String.join("\r",
				"MSH|^~\\&|PAS|524611000016009|GODSTART|HUB|20251124083000||ADT^" + event + "|CTRL-1|P|" + version,
				"EVN|" + event + "|20251124083000",
				"PID|1||" + pid3 + "||Jensen^Ditte^Marie||199603140000|F|||Boulevarden 1^^Aalborg^^9000^DK^H^^0851",
				"PV1|1|I|FOED^101^1||||||||||||||||V-42" + pv1Tail);
	}

	@Test
	void aVersion23DischargeIsReadLikeA25One() {
		AdtMessage adt = reader.read(reader.parse(message("2.3", "A03", "0101904321^^^CPR",
				"|||||||||||||||||||||||||20251124083000|20251125100000+0100")));
		assertThat(adt.event()).isEqualTo(AdtEvent.A03);
		assertThat(adt.sendingFacility()).isEqualTo("524611000016009");
		assertThat(adt.person().cpr()).isEqualTo("0101904321");
		assertThat(adt.person().given()).containsExactly("Ditte", "Marie");
		assertThat(adt.person().municipalityCode()).isEqualTo("0851");
		assertThat(adt.visit().number()).isEqualTo("V-42");
		assertThat(adt.visit().admitted().toString()).as("Danish time without an offset").isEqualTo("2025-11-24T07:30:00Z");
		assertThat(adt.visit().discharged().toString()).isEqualTo("2025-11-25T09:00:00Z");
		assertThat(adt.isNewborn()).isFalse();
	}

	@Test
	void theCprNumberIsTheIdentifierWhoseAuthorityIsCprByNameOrOid() {
		AdtMessage adt = reader.read(reader.parse(message("2.5", "A01",
				"H123456^^^AUH~0101904321^^^&1.2.208.176.1.2&ISO", "")));
		assertThat(adt.person().cpr()).isEqualTo("0101904321");
	}

	@Test
	void whatCannotBeUsedIsARejectionNamingTheField() {
		assertThatThrownBy(() -> reader.read(reader.parse(message("2.5", "A01", "H123456^^^AUH", ""))))
				.isInstanceOfSatisfying(AdtRejection.class, r -> {
					assertThat(r.acknowledgment()).isEqualTo(AcknowledgmentCode.AE);
					assertThat(r.errorCode()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
					assertThat(r.getMessage()).contains("PID-3");
				});
		assertThatThrownBy(() -> reader.read(reader.parse(message("2.5", "A05", "0101904321^^^CPR", ""))))
				.isInstanceOfSatisfying(AdtRejection.class, r -> assertThat(r.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT_CODE));
		assertThatThrownBy(() -> reader.parse("NOT|HL7"))
				.isInstanceOfSatisfying(AdtRejection.class, r -> assertThat(r.acknowledgment()).isEqualTo(AcknowledgmentCode.AR));
	}

	@Test
	void aRefusalCarriesTheErrorCodeAndTheReason() {
		String ack = new AdtAcknowledgements(java.time.Clock.systemUTC()).refused(reader.parse(message("2.5", "A01", "0101904321^^^CPR", "")),
				new AdtRejection(AcknowledgmentCode.AE, ErrorCode.UNKNOWN_KEY_IDENTIFIER, "MSH-4: unknown facility"));
		assertThat(ack).contains("MSA|AE|CTRL-1").contains("ERR|").contains("204").contains("MSH-4: unknown facility");
	}
}
