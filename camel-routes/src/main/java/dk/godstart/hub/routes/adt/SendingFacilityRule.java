package dk.godstart.hub.routes.adt;

import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Who may send as which hospital over MLLP with TLS: a message's sending facility (MSH-4, a SOR code) must be among
 * the organisations its connection's client certificate is bound to ({@code godstart.mllp.senders}). A certificate
 * bound to nothing may send for nothing. Subjects and issuers are compared as X.500 names, so how a DN is spelled
 * (spaces, upper or lower case) does not matter, but every attribute and its value does.
 */
public final class SendingFacilityRule {

	private record Binding(X500Principal subject, X500Principal issuer, List<String> organisations) {}

	private final List<Binding> bindings;

	public SendingFacilityRule(List<MllpProperties.Sender> senders) {
		this.bindings = senders.stream()
				.map(sender -> new Binding(name(sender.subject(), "subject"),
						sender.issuer() == null || sender.issuer().isBlank() ? null : name(sender.issuer(), "issuer"),
						sender.organisations()))
				.toList();
	}

	/** Why {@code certificate} may not send as {@code sendingFacility}; empty when it may. */
	public Optional<String> refusal(ClientCertificate certificate, String sendingFacility) {
		if (certificate == null) {
			return Optional.of("The connection showed no client certificate; the sending facility cannot be trusted");
		}
		X500Principal subject = parsed(certificate.subject());
		X500Principal issuer = parsed(certificate.issuer());
		List<Binding> ofCertificate = bindings.stream()
				.filter(binding -> binding.subject().equals(subject))
				.filter(binding -> binding.issuer() == null || binding.issuer().equals(issuer))
				.toList();
		if (ofCertificate.isEmpty()) {
			return Optional.of("The client certificate " + certificate.subject() + " is not bound to any organisation "
					+ "(godstart.mllp.senders)");
		}
		if (sendingFacility != null
				&& ofCertificate.stream().anyMatch(binding -> binding.organisations().contains(sendingFacility))) {
			return Optional.empty();
		}
		return Optional.of("The client certificate " + certificate.subject() + " may not send for MSH-4 sending facility "
				+ sendingFacility + "; it sends for "
				+ String.join(", ", ofCertificate.stream().flatMap(binding -> binding.organisations().stream()).toList()));
	}

	private static X500Principal name(String dn, String what) {
		if (dn == null || dn.isBlank()) {
			throw new IllegalArgumentException("godstart.mllp.senders: every sender needs the " + what + " of its certificate");
		}
		try {
			return new X500Principal(dn);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("godstart.mllp.senders: the " + what + " '" + dn + "' is not an X.500 name", e);
		}
	}

	private static X500Principal parsed(String dn) {
		try {
			return dn == null ? null : new X500Principal(dn);
		} catch (IllegalArgumentException e) {
			return null;
		}
	}
}
