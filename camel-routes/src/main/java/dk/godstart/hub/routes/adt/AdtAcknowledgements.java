package dk.godstart.hub.routes.adt;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v25.message.ACK;
import ca.uhn.hl7v2.model.v25.segment.ERR;
import ca.uhn.hl7v2.model.v25.segment.MSH;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.preparser.PreParser;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The hub's answers to a sender: {@code AA}, or {@code AE}/{@code AR} with an ERR segment carrying the HL7 error code
 * (table 0357) and the reason in words (ERR-8, shown to whoever must act on it). A message too broken to parse still
 * gets an answer, addressed from what its MSH can be made to say.
 */
public class AdtAcknowledgements {

	private final PipeParser parser = new PipeParser();
	private final Clock clock;

	/** {@code clock}: the hub's, for the time each acknowledgement says it was made (MSH-7, Danish local time). */
	public AdtAcknowledgements(Clock clock) {
		this.clock = clock;
	}

	public String accepted(Message message) {
		try {
			return encode(message.generateACK());
		} catch (HL7Exception | IOException e) {
			throw new IllegalStateException("Could not build an ACK", e);
		}
	}

	public String refused(Message message, AdtRejection rejection) {
		try {
			Message ack = message.generateACK(rejection.acknowledgment(), exception(rejection));
			if (ack instanceof ACK v25) {
				describe(v25.getERR(), rejection);
			}
			return encode(ack);
		} catch (HL7Exception | IOException e) {
			return refused(encodeQuietly(message), rejection);
		}
	}

	/** For a message that could not be parsed: built from the raw MSH fields the pre-parser can find. */
	public String refused(String raw, AdtRejection rejection) {
		String[] fields = new String[] {null, null, null, null, null};
		try {
			fields = PreParser.getFields(raw == null ? "" : raw, "MSH-3", "MSH-4", "MSH-10", "MSH-12", "MSH-11");
		} catch (HL7Exception | RuntimeException unreadable) {
			// not even the header: the answer goes without the sender's ids
		}
		try {
			ACK ack = new ACK();
			ack.initQuickstart("ACK", null, fields[4] == null ? "P" : fields[4]);
			MSH msh = ack.getMSH();
			msh.getSendingApplication().getNamespaceID().setValue("GODSTART-HUB");
			msh.getReceivingApplication().getNamespaceID().setValue(fields[0]);
			msh.getReceivingFacility().getNamespaceID().setValue(fields[1]);
			msh.getMessageControlID().setValue(UUID.randomUUID().toString().replace("-", "").substring(0, 20));
			msh.getDateTimeOfMessage().getTime().setValue(LocalDateTime.now(clock.withZone(ZoneId.of("Europe/Copenhagen")))
					.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")));
			ack.getMSA().getAcknowledgmentCode().setValue(rejection.acknowledgment().name());
			ack.getMSA().getMessageControlID().setValue(fields[2]);
			describe(ack.getERR(), rejection);
			return encode(ack);
		} catch (HL7Exception | IOException e) {
			throw new IllegalStateException("Could not build an ACK", e);
		}
	}

	private static HL7Exception exception(AdtRejection rejection) {
		return new HL7Exception(rejection.getMessage(), rejection.errorCode());
	}

	private static void describe(ERR err, AdtRejection rejection) throws HL7Exception {
		ErrorCode code = rejection.errorCode();
		err.getHL7ErrorCode().getIdentifier().setValue(String.valueOf(code.getCode()));
		err.getHL7ErrorCode().getText().setValue(code.getMessage());
		err.getHL7ErrorCode().getNameOfCodingSystem().setValue("HL70357");
		err.getSeverity().setValue("E");
		err.getUserMessage().setValue(rejection.getMessage());
	}

	private String encode(Message message) throws HL7Exception {
		return parser.encode(message);
	}

	private String encodeQuietly(Message message) {
		try {
			return parser.encode(message);
		} catch (HL7Exception e) {
			return "";
		}
	}
}
