package dk.godstart.hub.server.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.security.backend-services.*}: SMART Backend Services at the hub's own issuer (embedded default
 * only): system clients registered at {@code /admin/clients} authenticate at {@code POST /oauth2/token} with a JWT
 * they sign with their own key ({@code private_key_jwt}, RS384 or ES384).
 *
 * @param maxAssertionLifetime an assertion whose {@code exp} is further ahead than this is refused (SMART: 5 minutes)
 * @param clockSkew how far the clocks of a client and the hub may disagree (exp, nbf, iat)
 * @param jwksCacheTtl how long a key set fetched from a client's {@code jwks_uri} is used before it is fetched again
 *     (an assertion with a key id not in the cached set fetches it at once)
 * @param jwksRefreshMinInterval at most one fetch of a client's {@code jwks_uri} this often (so assertions with
 *     made-up key ids cannot make the hub hammer the client's server); 0 = no limit
 * @param jwksFetchTimeout connect and read timeout of one fetch of a {@code jwks_uri}
 * @param allowLoopbackHttp {@code jwks_uri} must be {@code https://}; true also allows {@code http://} to loopback
 *     (development, tests)
 * @param replaySweepInterval how often a node deletes the used assertions whose {@code exp} has passed
 */
@ConfigurationProperties("godstart.security.backend-services")
public record BackendServicesProperties(
		@DefaultValue("5m") Duration maxAssertionLifetime,
		@DefaultValue("30s") Duration clockSkew,
		@DefaultValue("5m") Duration jwksCacheTtl,
		@DefaultValue("10s") Duration jwksRefreshMinInterval,
		@DefaultValue("5s") Duration jwksFetchTimeout,
		@DefaultValue("false") boolean allowLoopbackHttp,
		@DefaultValue("1m") Duration replaySweepInterval) {}
