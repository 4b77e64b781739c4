package dk.godstart.hub.routes.adt;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.mllp.*}: the HL7 v2 (MLLP) listeners for the hospitals' ADT feeds. Documented in application.yaml.
 *
 * @param port the plain MLLP listener's port, which listens only when {@code allowPlain}
 * @param allowPlain plain MLLP (anyone who reaches the port may send as any hospital): only on a network the operator
 *     trusts; off unless turned on (the {@code demo} profile turns it on)
 * @param tls MLLP over TLS with client certificates, each bound to the organisations it may send for ({@code senders})
 * @param senders which client certificate may send for which sending facilities (MSH-4, SOR codes)
 */
@ConfigurationProperties("godstart.mllp")
public record MllpProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("0.0.0.0") String host,
		@DefaultValue("2575") int port,
		@DefaultValue("false") boolean allowPlain,
		@DefaultValue Tls tls,
		List<Sender> senders,
		@DefaultValue("10") int maxConnections,
		@DefaultValue("15s") Duration receiveTimeout,
		@DefaultValue("2s") Duration readTimeout,
		@DefaultValue("10m") Duration idleTimeout,
		@DefaultValue("1MB") org.springframework.util.unit.DataSize maxMessageSize) {

	public MllpProperties {
		senders = senders == null ? List.of() : List.copyOf(senders);
	}

	/**
	 * @param bundle the name of a Spring SSL bundle ({@code spring.ssl.bundle.pem.<name>} or {@code .jks.<name>}): its
	 *     key store is the hub's certificate, its trust store the CAs (or the senders' own certificates) it trusts for
	 *     senders; empty: no TLS listener
	 * @param port the TLS listener's port
	 */
	public record Tls(@DefaultValue("") String bundle, @DefaultValue("2576") int port) {

		public boolean configured() {
			return bundle != null && !bundle.isBlank();
		}
	}

	/**
	 * One sender's certificate and what it may send for.
	 *
	 * @param subject the certificate's subject DN (e.g. {@code CN=pas.aalborg.rn.dk, O=Region Nordjylland, C=DK}),
	 *     compared as X.500 names (order and case of attribute types, spaces after commas do not matter)
	 * @param issuer its issuer's DN; empty: any CA of the trust bundle
	 * @param organisations the SOR codes it may send as (MSH-4)
	 */
	public record Sender(String subject, @DefaultValue("") String issuer, List<String> organisations) {

		public Sender {
			organisations = organisations == null ? List.of() : List.copyOf(organisations);
		}
	}
}
