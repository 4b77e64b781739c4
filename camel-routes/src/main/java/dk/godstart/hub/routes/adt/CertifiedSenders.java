package dk.godstart.hub.routes.adt;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The senders on the TLS listener: each message is checked against its connection's client certificate by the
 * {@link SendingFacilityRule}; a refusal is audited and answered {@code AR} (ERR-3 103, the sending facility is not
 * in the certificate's table of organisations; ERR-8 says why), and nothing of the message is stored.
 */
public class CertifiedSenders {

	private static final Logger log = LoggerFactory.getLogger(CertifiedSenders.class);

	private final SendingFacilityRule rule;
	private final AdtSenderAudit audit;

	public CertifiedSenders(SendingFacilityRule rule, AdtSenderAudit audit) {
		this.rule = rule;
		this.audit = audit;
	}

	/** The check for messages on a connection with {@code certificate} (null: none) from {@code remoteAddress}. */
	public AdtSenderCheck of(ClientCertificate certificate, String remoteAddress) {
		return message -> rule.refusal(certificate, message.sendingFacility()).ifPresent(reason -> {
			log.warn("ADT {} {} from {} refused: {}", message.event(), message.controlId(), remoteAddress, reason);
			audit.refused(certificate, remoteAddress, message, reason);
			throw new AdtRejection(AcknowledgmentCode.AR, ErrorCode.TABLE_VALUE_NOT_FOUND, reason);
		});
	}
}
