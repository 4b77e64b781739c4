package dk.godstart.hub.routes.adt;

import org.apache.camel.Message;
import org.apache.camel.component.mllp.MllpConstants;

/**
 * The client certificate of the TLS connection a message came on, as the MLLP component reports it (it copies the
 * verified peer certificate's subject, issuer and serial number into headers of each message on a TLS socket).
 *
 * @param subject the subject DN
 * @param issuer the issuer DN
 * @param serialNumber the serial number (decimal)
 */
public record ClientCertificate(String subject, String issuer, String serialNumber) {

	/** The certificate of the connection {@code message} came on; null when the connection showed none. */
	public static ClientCertificate of(Message message) {
		String subject = message.getHeader(MllpConstants.MLLP_SSL_CLIENT_CERT_SUBJECT_NAME, String.class);
		if (subject == null || subject.isBlank()) {
			return null;
		}
		return new ClientCertificate(subject, message.getHeader(MllpConstants.MLLP_SSL_CLIENT_CERT_ISSUER_NAME, String.class),
				message.getHeader(MllpConstants.MLLP_SSL_CLIENT_CERT_SERIAL_NO, String.class));
	}

	@Override
	public String toString() {
		return subject + " (issuer " + issuer + ", serial " + serialNumber + ")";
	}
}
