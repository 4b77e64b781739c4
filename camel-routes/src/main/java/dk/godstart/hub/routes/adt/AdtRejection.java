package dk.godstart.hub.routes.adt;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;

/**
 * A message the hub does not take, and why: answered with {@code AR} (the message itself is wrong or not something
 * the hub handles; sending it again will not help) or {@code AE} (its content cannot be used as it is, or the hub
 * could not store it now), with the HL7 error code and the reason in an ERR segment.
 */
public class AdtRejection extends RuntimeException {

	private final AcknowledgmentCode acknowledgment;
	private final ErrorCode errorCode;

	public AdtRejection(AcknowledgmentCode acknowledgment, ErrorCode errorCode, String reason) {
		super(reason);
		this.acknowledgment = acknowledgment;
		this.errorCode = errorCode;
	}

	public static AdtRejection missing(String what) {
		return new AdtRejection(AcknowledgmentCode.AE, ErrorCode.REQUIRED_FIELD_MISSING, what);
	}

	public AcknowledgmentCode acknowledgment() {
		return acknowledgment;
	}

	public ErrorCode errorCode() {
		return errorCode;
	}
}
