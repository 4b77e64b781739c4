package dk.godstart.hub.server.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * SMART Backend Services client authentication (RFC 7523 {@code private_key_jwt}) at the hub's own token endpoint:
 * how a client assertion is read from the token request ({@link #converter()}) and checked
 * ({@link #createDecoder(RegisteredClient)}, used by Spring Authorization Server's
 * {@code JwtClientAssertionAuthenticationProvider}). An assertion is taken only if it is signed RS384 or ES384 by a
 * key of the client's JWK set (registered inline, or fetched from its URL and cached by key id; an unknown key id
 * fetches the set again, so a client rotates its keys without the hub restarting); {@code iss} and {@code sub} are
 * the client id; {@code aud} is the token endpoint; {@code exp} has not passed and is at most
 * {@link BackendServicesProperties#maxAssertionLifetime()} ahead; and its {@code jti} was never used before by that
 * client, on any node ({@code hub_client_assertion}, swept once exp has passed). Anything else is
 * {@code invalid_client}.
 */
public class ClientAssertions implements JwtDecoderFactory<RegisteredClient> {

	static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
	static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);

	private static final Logger log = LoggerFactory.getLogger(ClientAssertions.class);

	private final BackendServicesProperties properties;
	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Map<String, JWKSource<SecurityContext>> fetchedKeySets = new ConcurrentHashMap<>();
	private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);

	public ClientAssertions(BackendServicesProperties properties, JdbcTemplate jdbc, Clock clock) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keysOf(client)));
		processor.setJWTClaimsSetVerifier((claims, context) -> {}); // the validator below checks the claims
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(validator(client));
		return decoder;
	}

	private JWKSource<SecurityContext> keysOf(RegisteredClient client) {
		String url = client.getClientSettings().getJwkSetUrl();
		if (url != null) {
			return fetchedKeySets.computeIfAbsent(url, this::fetched);
		}
		String inline = client.getClientSettings().getSetting(BackendClients.JWKS_SETTING);
		if (inline == null) {
			throw new BadJwtException("The client has no keys");
		}
		try {
			return new ImmutableJWKSet<>(JWKSet.parse(inline));
		} catch (ParseException e) {
			throw new BadJwtException("The client's registered key set cannot be read", e);
		}
	}

	private JWKSource<SecurityContext> fetched(String url) {
		int timeout = (int) properties.jwksFetchTimeout().toMillis();
		URL location;
		try {
			location = URI.create(url).toURL();
		} catch (MalformedURLException | IllegalArgumentException e) {
			throw new BadJwtException("The client's jwks_uri is not a URL", e);
		}
		long minInterval = properties.jwksRefreshMinInterval().toMillis();
		JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder
				.<SecurityContext>create(location, new DefaultResourceRetriever(timeout, timeout, 512 * 1024))
				.cache(properties.jwksCacheTtl().toMillis(), 2L * timeout)
				.retrying(false)
				.outageTolerant(false);
		builder = minInterval > 0 ? builder.rateLimited(minInterval) : builder.rateLimited(false);
		return builder.build();
	}

	private OAuth2TokenValidator<Jwt> validator(RegisteredClient client) {
		String clientId = client.getClientId();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
		timestamps.setClock(clock);
		return jwt -> {
			OAuth2TokenValidatorResult time = timestamps.validate(jwt);
			if (time.hasErrors()) {
				return time;
			}
			if (!clientId.equals(jwt.getClaimAsString("iss")) || !clientId.equals(jwt.getSubject())) {
				return refused("iss and sub must both be the client id");
			}
			String tokenEndpoint = tokenEndpoint();
			List<String> audience = jwt.getAudience();
			if (tokenEndpoint == null || audience == null || !audience.contains(tokenEndpoint)) {
				return refused("aud must be the token endpoint " + tokenEndpoint);
			}
			Instant now = clock.instant();
			Instant expires = jwt.getExpiresAt();
			if (expires == null) {
				return refused("exp is required");
			}
			if (expires.isAfter(now.plus(properties.maxAssertionLifetime()).plus(properties.clockSkew()))) {
				return refused("exp must be at most " + properties.maxAssertionLifetime() + " ahead");
			}
			String jti = jwt.getId();
			if (jti == null || jti.isBlank()) {
				return refused("jti is required");
			}
			if (!firstUse(clientId, jti, expires.plus(properties.clockSkew()))) {
				return refused("this assertion (jti) was used before");
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	private static OAuth2TokenValidatorResult refused(String why) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, why, null));
	}

	private static String tokenEndpoint() {
		AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
		return context == null ? null : context.getIssuer() + context.getAuthorizationServerSettings().getTokenEndpoint();
	}

	/** Records {@code jti} as used by {@code clientId}; false if it was (by any node). */
	boolean firstUse(String clientId, String jti, Instant keepUntil) {
		sweepNowAndThen();
		return jdbc.update("INSERT INTO hub_client_assertion (client_id, jti, expires_at) VALUES (?, ?, ?) "
				+ "ON CONFLICT DO NOTHING", clientId, jti, Timestamp.from(keepUntil)) == 1;
	}

	private void sweepNowAndThen() {
		Instant last = lastSweep.get();
		Instant now = clock.instant();
		if (now.isAfter(last.plus(properties.replaySweepInterval())) && lastSweep.compareAndSet(last, now)) {
			try {
				jdbc.update("DELETE FROM hub_client_assertion WHERE expires_at < ?", Timestamp.from(now));
			} catch (RuntimeException e) {
				log.warn("Could not sweep used client assertions", e);
			}
		}
	}

	/**
	 * Reads {@code client_assertion_type} (jwt-bearer) and {@code client_assertion} from a token request. The client
	 * id is the assertion's {@code sub} (SMART backends send no {@code client_id}; when one is sent it must match);
	 * nothing of the assertion is trusted before its signature and claims are checked.
	 */
	public static AuthenticationConverter converter() {
		return request -> convert(request);
	}

	private static Authentication convert(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())) {
			return null;
		}
		String type = request.getParameter("client_assertion_type");
		String assertion = request.getParameter("client_assertion");
		if (type == null && assertion == null) {
			return null;
		}
		if (!JWT_BEARER.equals(type) || assertion == null || request.getParameterValues("client_assertion").length != 1
				|| request.getParameterValues("client_assertion_type").length != 1) {
			throw invalid(OAuth2ErrorCodes.INVALID_REQUEST, "client_assertion_type must be " + JWT_BEARER
					+ " and client_assertion given once");
		}
		String subject;
		try {
			subject = JWTParser.parse(assertion).getJWTClaimsSet().getSubject();
		} catch (ParseException e) {
			throw invalid(OAuth2ErrorCodes.INVALID_CLIENT, "client_assertion is not a JWT");
		}
		String clientId = request.getParameter("client_id");
		if (subject == null || (clientId != null && !clientId.equals(subject))) {
			throw invalid(OAuth2ErrorCodes.INVALID_CLIENT, "the assertion's sub must be the client id");
		}
		return new OAuth2ClientAuthenticationToken(subject, new ClientAuthenticationMethod(JWT_BEARER), assertion, Map.of());
	}

	private static OAuth2AuthenticationException invalid(String code, String why) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, why, null));
	}
}
