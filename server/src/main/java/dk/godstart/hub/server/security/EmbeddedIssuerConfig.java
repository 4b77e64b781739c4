package dk.godstart.hub.server.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dk.godstart.hub.server.audit.IssuerAudit;
import dk.godstart.hub.server.console.EmbeddedConsoleSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.util.StringUtils;

/**
 * The hub's own token issuer, for the embedded default only (no external issuer configured): OAuth2
 * {@code client_credentials} at {@code POST /oauth2/token}, client id and secret by HTTP Basic for the demo clients
 * of {@code godstart.security.demo-clients}, and SMART Backend Services (a client assertion signed with the client's
 * own key, {@link ClientAssertions}) for the system clients operators register at {@code /admin/clients}
 * ({@link BackendClients}). Tokens are JWTs signed with the key in {@link SigningKeyStore}; they
 * carry the client's scopes (all of its scopes when it asks for none) and its organisation.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalIssuerCondition.class)
public class EmbeddedIssuerConfig {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedIssuerConfig.class);
	static final String ORGANISATION_SETTING = "godstart.organisation";

	@Bean
	@Order(1)
	SecurityFilterChain tokenEndpoint(HttpSecurity http, ProblemResponses problems, ClientAssertions assertions,
			IssuerAudit audit, EmbeddedConsoleSignIn console) throws Exception {
		OAuth2AuthorizationServerConfigurer issuer = OAuth2AuthorizationServerConfigurer.authorizationServer();
		http.securityMatcher(issuer.getEndpointsMatcher())
				.with(issuer, configurer -> configurer
						.clientAuthentication(clients -> clients
								// SMART backends send their assertion without client_id: the client is the assertion's sub
								.authenticationConverters(converters -> converters.add(0, ClientAssertions.converter()))
								.authenticationProviders(providers -> providers.forEach(provider -> {
									if (provider instanceof JwtClientAssertionAuthenticationProvider jwt) {
										jwt.setJwtDecoderFactory(assertions);
									}
								}))
								.errorResponseHandler(audit.refused(EmbeddedIssuerConfig::clientNotAuthenticated)))
						// every token issued and every request refused is audited (IssuerAudit) before it is answered
						.tokenEndpoint(tokens -> tokens
								.accessTokenResponseHandler(audit.issued(new OAuth2AccessTokenResponseAuthenticationSuccessHandler()))
								.errorResponseHandler(audit.refused(new OAuth2ErrorAuthenticationFailureHandler())))
						// the console signs its operators in here (OpenID Connect, authorization code)
						.oidc(Customizer.withDefaults())
						.authorizationEndpoint(authorize -> authorize.authenticationProviders(providers -> providers.forEach(provider -> {
							if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codes) {
								codes.setAuthenticationValidator(console.redirectValidator());
							}
						}))))
				.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				.csrf(csrf -> csrf.disable())
				// a session only for a person signing in to the console (the sign-in page, then back to /oauth2/authorize)
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
				.requestCache(cache -> cache.requestCache(signInRequests()))
				.exceptionHandling(exceptions -> exceptions
						.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/console/signin"),
								new MediaTypeRequestMatcher(MediaType.TEXT_HTML))
						.defaultAuthenticationEntryPointFor(problems, AnyRequestMatcher.INSTANCE));
		return http.build();
	}

	/** Only a browser's authorization request is kept across the sign-in page; a token request never opens a session. */
	private static HttpSessionRequestCache signInRequests() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setRequestMatcher(new AndRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/oauth2/authorize"),
				new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return cache;
	}

	/**
	 * The answer to a token request whose client is not authenticated, as Spring Authorization Server's own: 401 for
	 * {@code invalid_client}, else 400, the error code only (no description that would help an attacker).
	 */
	static void clientNotAuthenticated(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SecurityContextHolder.clearContext();
		String code = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode()
				: OAuth2ErrorCodes.INVALID_CLIENT;
		ServletServerHttpResponse answer = new ServletServerHttpResponse(response);
		answer.setStatusCode(OAuth2ErrorCodes.INVALID_CLIENT.equals(code) ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST);
		new OAuth2ErrorHttpMessageConverter().write(new OAuth2Error(code), null, answer);
	}

	@Bean
	SigningKeyStore signingKeyStore(JdbcTemplate hubJdbcTemplate) {
		return new SigningKeyStore(hubJdbcTemplate);
	}

	@Bean
	JWKSource<SecurityContext> hubJwkSource(SigningKeyStore keys) {
		return (selector, context) -> selector.select(new JWKSet(keys.key()));
	}

	@Bean
	JwtEncoder hubJwtEncoder(JWKSource<SecurityContext> hubJwkSource) {
		return new NimbusJwtEncoder(hubJwkSource);
	}

	/** Checks the signature and expiry of the hub's own tokens (the resource server side of the embedded default). */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> hubJwkSource) {
		return OAuth2AuthorizationServerConfiguration.jwtDecoder(hubJwkSource);
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings() {
		return AuthorizationServerSettings.builder().build();
	}

	@Bean
	EmbeddedConsoleSignIn embeddedConsoleSignIn(dk.godstart.hub.server.console.ConsoleProperties properties) {
		return new EmbeddedConsoleSignIn(properties);
	}

	@Bean
	IssuerAudit issuerAudit(dk.godstart.hub.server.audit.AuditRecords auditRecords, SecurityProperties properties) {
		return new IssuerAudit(auditRecords, properties.organisationClaim());
	}

	@Bean
	BackendClients backendClients(JdbcTemplate hubJdbcTemplate, SecurityProperties properties) {
		return new BackendClients(hubJdbcTemplate, properties.tokenLifetime());
	}

	@Bean
	ClientAssertions clientAssertions(BackendServicesProperties properties, JdbcTemplate hubJdbcTemplate) {
		return new ClientAssertions(properties, hubJdbcTemplate, Clock.systemUTC());
	}

	/**
	 * The issuer's clients: the demo clients of {@code godstart.security.demo-clients} (client secret) and the system
	 * clients operators registered at {@code /admin/clients} ({@link BackendClients}, private_key_jwt), looked up in
	 * the database on every token request so a registration counts at once on every node.
	 */
	@Bean
	RegisteredClientRepository hubClients(SecurityProperties properties, BackendClients backendClients,
			EmbeddedConsoleSignIn console) {
		RegisteredClientRepository demo = demoClients(properties, console.registeredClient(properties.tokenLifetime()));
		return new RegisteredClientRepository() {
			@Override
			public void save(RegisteredClient registeredClient) {
				// the issuer saves a demo client when it re-encodes its secret; registered clients change only at
				// /admin/clients (and have no secret to re-encode)
				if (demo.findById(registeredClient.getId()) != null) {
					demo.save(registeredClient);
				}
			}

			@Override
			public RegisteredClient findById(String id) {
				RegisteredClient client = demo.findById(id);
				if (client != null) {
					return client;
				}
				return backendClients.all().stream()
						.filter(stored -> BackendClients.registeredId(stored.clientId()).equals(id))
						.findFirst()
						.flatMap(stored -> backendClients.registered(stored.clientId()))
						.orElse(null);
			}

			@Override
			public RegisteredClient findByClientId(String clientId) {
				RegisteredClient client = demo.findByClientId(clientId);
				return client != null ? client : backendClients.registered(clientId).orElse(null);
			}
		};
	}

	private static RegisteredClientRepository demoClients(SecurityProperties properties, RegisteredClient console) {
		List<RegisteredClient> clients = new ArrayList<>();
		for (SecurityProperties.DemoClient client : properties.demoClients()) {
			ClientSettings.Builder settings = ClientSettings.builder();
			if (StringUtils.hasText(client.organisation())) {
				settings.setting(ORGANISATION_SETTING, client.organisation());
			}
			clients.add(RegisteredClient.withId(UUID.nameUUIDFromBytes(client.id().getBytes()).toString())
					.clientId(client.id())
					.clientSecret("{noop}" + client.secret())
					.clientName(client.description())
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
					.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
					.scopes(scopes -> scopes.addAll(client.scopes()))
					.clientSettings(settings.build())
					.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.tokenLifetime()).build())
					.build());
		}
		log.warn("No external token issuer is configured (spring.security.oauth2.resourceserver.jwt.issuer-uri): the hub "
				+ "issues tokens itself at POST /oauth2/token to its {} demo clients {}. For demos and local use only.",
				clients.size(), properties.demoClients().stream().map(SecurityProperties.DemoClient::id).toList());
		if (clients.isEmpty()) {
			throw new IllegalStateException("No external token issuer is configured and godstart.security.demo-clients "
					+ "(application-demo.yaml, the demo profile) is empty: no client could get a token. Configure one or "
					+ "the other.");
		}
		clients.add(console);
		return new InMemoryRegisteredClientRepository(clients);
	}

	/** Adds the organisation claim, and the scope claim as one space-separated string (SMART's form). */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> hubTokenClaims(SecurityProperties properties, EmbeddedConsoleSignIn console) {
		return context -> {
			if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				return;
			}
			RegisteredClient client = context.getRegisteredClient();
			if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
				// a person signed in to the console: what that person may do, never the console client's whole list
				String user = context.getPrincipal().getName();
				context.getClaims().claim("scope", String.join(" ", console.scopesOf(user, context.getAuthorizedScopes())));
				context.getClaims().claim("client_id", client.getClientId());
				console.nameOf(user).ifPresent(name -> context.getClaims().claim("name", name));
				console.organisationOf(user).ifPresent(organisation -> context.getClaims().claim(properties.organisationClaim(), organisation));
				return;
			}
			List<String> scopes = new ArrayList<>(context.getAuthorizedScopes().isEmpty()
					? client.getScopes() : context.getAuthorizedScopes());
			context.getClaims().claim("scope", String.join(" ", scopes));
			context.getClaims().claim("client_id", client.getClientId());
			String organisation = client.getClientSettings().getSetting(ORGANISATION_SETTING);
			if (organisation != null) {
				context.getClaims().claim(properties.organisationClaim(), organisation);
			}
		};
	}

	/**
	 * Client-credentials tokens are self-contained JWTs: nothing about them needs to be kept (no refresh tokens, no
	 * introspection), so the issuer remembers nothing, on any node.
	 */
	@Bean
	OAuth2AuthorizationService statelessAuthorizations() {
		// a console sign-in's code lives from the redirect to its exchange, on the node that issued it (demo only)
		InMemoryOAuth2AuthorizationService signIns = new InMemoryOAuth2AuthorizationService();
		return new OAuth2AuthorizationService() {
			@Override
			public void save(OAuth2Authorization authorization) {
				if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(authorization.getAuthorizationGrantType())) {
					if (authorization.getAccessToken() != null) {
						signIns.remove(authorization); // exchanged: nothing more to remember
					} else {
						signIns.save(authorization);
					}
				}
			}

			@Override
			public void remove(OAuth2Authorization authorization) {
				signIns.remove(authorization);
			}

			@Override
			public OAuth2Authorization findById(String id) {
				return signIns.findById(id);
			}

			@Override
			public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
				return signIns.findByToken(token, tokenType);
			}
		};
	}
}
