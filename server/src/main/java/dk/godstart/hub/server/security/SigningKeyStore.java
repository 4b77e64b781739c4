package dk.godstart.hub.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded issuer's signing key, kept in the database ({@code hub_signing_key}) so that every node of a
 * scaled-out hub signs and checks tokens with the same key and tokens outlive a restart. Made once, by whichever node
 * gets there first. This suits the embedded default and demos; production uses an external issuer, whose keys the
 * hub only reads from its JWKS.
 */
public class SigningKeyStore {

	private final JdbcTemplate jdbc;
	private volatile RSAKey key;

	public SigningKeyStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public RSAKey key() {
		RSAKey current = key;
		if (current == null) {
			synchronized (this) {
				if (key == null) {
					key = loadOrCreate();
				}
				current = key;
			}
		}
		return current;
	}

	private RSAKey loadOrCreate() {
		List<String> stored = stored();
		if (stored.isEmpty()) {
			try {
				RSAKey fresh = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
				jdbc.update("INSERT INTO hub_signing_key (singleton, key_id, jwk) VALUES (true, ?, ?) ON CONFLICT DO NOTHING",
						fresh.getKeyID(), fresh.toJSONString());
			} catch (JOSEException e) {
				throw new IllegalStateException("Cannot make a signing key", e);
			}
			stored = stored();
		}
		try {
			return RSAKey.parse(stored.get(0));
		} catch (ParseException e) {
			throw new IllegalStateException("The stored signing key cannot be read", e);
		}
	}

	private List<String> stored() {
		return jdbc.queryForList("SELECT jwk FROM hub_signing_key WHERE singleton", String.class);
	}
}
