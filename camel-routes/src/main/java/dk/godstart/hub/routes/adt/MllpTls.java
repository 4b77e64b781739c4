package dk.godstart.hub.routes.adt;

import java.security.KeyStore;
import java.util.Arrays;
import org.apache.camel.support.jsse.CipherSuitesParameters;
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.springframework.boot.ssl.SslBundle;

/**
 * The TLS listener's key and trust material: a Spring SSL bundle (what the operator configures, PEM or Java key
 * store, {@code spring.ssl.bundle.*}) handed to the MLLP component as Camel {@link SSLContextParameters}, with client
 * certificates required. The bundle's key store is the hub's certificate; its trust store decides which client
 * certificates complete the handshake at all (the JDK's public CAs are never used for senders).
 */
public final class MllpTls {

	private MllpTls() {}

	public static SSLContextParameters serverParameters(String name, SslBundle bundle) {
		KeyStore keyStore = bundle.getStores().getKeyStore();
		KeyStore trustStore = bundle.getStores().getTrustStore();
		if (keyStore == null || trustStore == null) {
			throw new IllegalStateException("godstart.mllp.tls.bundle=" + name + ": the SSL bundle needs both a key store "
					+ "(the hub's certificate) and a trust store (the CAs or certificates of the senders)");
		}
		KeyStoreParameters keys = new KeyStoreParameters();
		keys.setKeyStore(keyStore);
		KeyManagersParameters keyManagers = new KeyManagersParameters();
		keyManagers.setKeyStore(keys);
		String keyPassword = bundle.getKey().getPassword() != null ? bundle.getKey().getPassword()
				: bundle.getStores().getKeyStorePassword();
		keyManagers.setKeyPassword(keyPassword);

		KeyStoreParameters trusted = new KeyStoreParameters();
		trusted.setKeyStore(trustStore);
		TrustManagersParameters trustManagers = new TrustManagersParameters();
		trustManagers.setKeyStore(trusted);

		SSLContextServerParameters server = new SSLContextServerParameters();
		server.setClientAuthentication(ClientAuthentication.REQUIRE.name());

		SSLContextParameters parameters = new SSLContextParameters();
		parameters.setKeyManagers(keyManagers);
		parameters.setTrustManagers(trustManagers);
		parameters.setServerParameters(server);
		parameters.setCertAlias(bundle.getKey().getAlias());
		if (bundle.getProtocol() != null) {
			parameters.setSecureSocketProtocol(bundle.getProtocol());
		}
		if (bundle.getOptions().getEnabledProtocols() != null) {
			SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
			protocols.setSecureSocketProtocol(Arrays.asList(bundle.getOptions().getEnabledProtocols()));
			parameters.setSecureSocketProtocols(protocols);
		}
		if (bundle.getOptions().getCiphers() != null) {
			CipherSuitesParameters ciphers = new CipherSuitesParameters();
			ciphers.setCipherSuite(Arrays.asList(bundle.getOptions().getCiphers()));
			parameters.setCipherSuites(ciphers);
		}
		return parameters;
	}
}
