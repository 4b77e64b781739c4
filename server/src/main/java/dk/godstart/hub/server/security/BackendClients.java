package dk.godstart.hub.server.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The system clients an operator registered for SMART Backend Services ({@code hub_backend_client}): kept in the
 * database, so every node knows a client as soon as it is registered, without a restart. Each authenticates with a
 * JWT signed by its own key ({@code private_key_jwt}); its public keys are a JWK set stored here or served at its URL.
 */
public class BackendClients {

	/** The client setting holding an inline JWK set (JSON). */
	static final String JWKS_SETTING = "godstart.jwks";

	/**
	 * One registered client.
	 *
	 * @param clientId its client id ({@code iss} and {@code sub} of its assertions)
	 * @param organisation the organisation it acts for, {@code system|value}; null for none
	 * @param scopes what it may ask for
	 * @param jwks its public keys (a JWK set, JSON), or null when they are at {@code jwksUri}
	 * @param jwksUri where its public keys are served, or null
	 * @param clientName who it stands for
	 */
	public record Client(String clientId, String organisation, List<String> scopes, String jwks, String jwksUri,
			String clientName, Instant registeredAt, Instant updatedAt) {}

	private static final RowMapper<Client> ROWS = (row, n) -> new Client(
			row.getString("client_id"),
			row.getString("organization"),
			List.of(row.getString("scopes").trim().split("\\s+")),
			row.getString("jwks"),
			row.getString("jwks_uri"),
			row.getString("client_name"),
			row.getTimestamp("registered_at").toInstant(),
			row.getTimestamp("updated_at").toInstant());

	private final JdbcTemplate jdbc;
	private final Duration tokenLifetime;

	public BackendClients(JdbcTemplate jdbc, Duration tokenLifetime) {
		this.jdbc = jdbc;
		this.tokenLifetime = tokenLifetime;
	}

	public List<Client> all() {
		return jdbc.query("SELECT * FROM hub_backend_client ORDER BY client_id", ROWS);
	}

	public Optional<Client> find(String clientId) {
		return jdbc.query("SELECT * FROM hub_backend_client WHERE client_id = ?", ROWS, clientId).stream().findFirst();
	}

	/** Stores {@code client} only if no client with its id is registered; false if one is. */
	public boolean create(Client client) {
		return jdbc.update("""
				INSERT INTO hub_backend_client (client_id, organization, scopes, jwks, jwks_uri, client_name)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO NOTHING""",
				client.clientId(), client.organisation(), String.join(" ", client.scopes()), client.jwks(),
				client.jwksUri(), client.clientName()) == 1;
	}

	/** Stores {@code client}, replacing the one with its id (a key rotated inline, new scopes); true if it was new. */
	public boolean createOrReplace(Client client) {
		boolean existed = find(client.clientId()).isPresent();
		jdbc.update("""
				INSERT INTO hub_backend_client (client_id, organization, scopes, jwks, jwks_uri, client_name)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (client_id) DO UPDATE SET organization = excluded.organization, scopes = excluded.scopes,
				    jwks = excluded.jwks, jwks_uri = excluded.jwks_uri, client_name = excluded.client_name,
				    updated_at = now()""",
				client.clientId(), client.organisation(), String.join(" ", client.scopes()), client.jwks(),
				client.jwksUri(), client.clientName());
		return !existed;
	}

	public boolean delete(String clientId) {
		return jdbc.update("DELETE FROM hub_backend_client WHERE client_id = ?", clientId) == 1;
	}

	/** The client as the issuer sees it: client_credentials, authenticated by private_key_jwt only. */
	public Optional<RegisteredClient> registered(String clientId) {
		return find(clientId).map(this::toRegistered);
	}

	/** The {@link RegisteredClient#getId() id} under which a stored client is known to the issuer. */
	static String registeredId(String clientId) {
		return UUID.nameUUIDFromBytes(("backend-services:" + clientId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
				.toString();
	}

	private RegisteredClient toRegistered(Client client) {
		ClientSettings.Builder settings = ClientSettings.builder()
				.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384);
		if (client.organisation() != null && !client.organisation().isBlank()) {
			settings.setting(EmbeddedIssuerConfig.ORGANISATION_SETTING, client.organisation());
		}
		if (client.jwksUri() != null) {
			settings.jwkSetUrl(client.jwksUri());
		} else {
			settings.setting(JWKS_SETTING, client.jwks());
		}
		return RegisteredClient.withId(registeredId(client.clientId()))
				.clientId(client.clientId())
				.clientName(client.clientName() == null ? client.clientId() : client.clientName())
				.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scopes(scopes -> scopes.addAll(new LinkedHashSet<>(client.scopes())))
				.clientSettings(settings.build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenLifetime).build())
				.build();
	}

	static List<String> splitScopes(String scopes) {
		return scopes == null ? List.of() : Arrays.stream(scopes.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
	}
}
