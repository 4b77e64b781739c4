package dk.godstart.hub.server.console;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * How the console signs in at the hub's own issuer (no external issuer configured, the demo): the console is an
 * OpenID Connect client of the issuer ({@code authorization_code}, a secret made at start-up, never written down),
 * and the people who may sign in are the demo users of {@code godstart.console.demo-users}. Their access tokens carry
 * the scopes and organisation configured for them (never more than the console asks for), so an operator's token says
 * {@code hub/operations} and anyone else's does not. The issuer sends a code only back to the console on the origin
 * the browser asked from, {@code <origin>/console/login/oauth2/code/<registration>}.
 */
public class EmbeddedConsoleSignIn {

	public static final String CLIENT_ID = "godstart-console";
	static final String CALLBACK = "/console/login/oauth2/code/";

	private final ConsoleProperties properties;
	private final String secret = UUID.randomUUID().toString() + UUID.randomUUID();
	private final Map<String, ConsoleProperties.DemoUser> users;

	public EmbeddedConsoleSignIn(ConsoleProperties properties) {
		this.properties = properties;
		this.users = properties.demoUsers().stream()
				.collect(Collectors.toMap(ConsoleProperties.DemoUser::username, Function.identity(), (a, b) -> a));
	}

	public String secret() {
		return secret;
	}

	/** The console as one of the issuer's clients. */
	public RegisteredClient registeredClient(java.time.Duration tokenLifetime) {
		return RegisteredClient.withId(UUID.nameUUIDFromBytes(CLIENT_ID.getBytes()).toString())
				.clientId(CLIENT_ID)
				.clientSecret("{noop}" + secret)
				.clientName("GodStart Hub operators' console")
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				// the real check is redirectValidator: the callback on the origin the browser came from
				.redirectUri("http://127.0.0.1" + CALLBACK + properties.registrationId())
				.scopes(scopes -> scopes.addAll(properties.scopes()))
				.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenLifetime).build())
				.build();
	}

	/** Whether {@code clientId} is the console's. */
	public static boolean isConsole(String clientId) {
		return CLIENT_ID.equals(clientId);
	}

	/** The people who may sign in, with their passwords ({noop}: demo users, written in the demo profile). */
	public UserDetailsService users() {
		List<org.springframework.security.core.userdetails.UserDetails> details = new ArrayList<>();
		for (ConsoleProperties.DemoUser user : properties.demoUsers()) {
			details.add(User.withUsername(user.username()).password("{noop}" + user.password()).roles("CONSOLE").build());
		}
		return new InMemoryUserDetailsManager(details);
	}

	/** The scopes a user's token carries: those asked for and authorised that the user has (never openid's). */
	public List<String> scopesOf(String username, Set<String> authorised) {
		ConsoleProperties.DemoUser user = users.get(username);
		if (user == null) {
			return List.of();
		}
		Set<String> scopes = new LinkedHashSet<>(authorised);
		scopes.retainAll(user.scopes());
		scopes.remove(OidcScopes.OPENID);
		return List.copyOf(scopes);
	}

	/** The organisation a user acts for ({@code system|value}), if any. */
	public Optional<String> organisationOf(String username) {
		return Optional.ofNullable(users.get(username)).map(ConsoleProperties.DemoUser::organisation)
				.filter(organisation -> !organisation.isBlank());
	}

	/** The name to show for a user. */
	public Optional<String> nameOf(String username) {
		return Optional.ofNullable(users.get(username)).map(ConsoleProperties.DemoUser::name);
	}

	/**
	 * The issuer's check of an authorization request: the console's code goes only to the console's callback on the
	 * origin of the request (no open redirect); other clients (none ask for codes today) get Spring's own check.
	 */
	public Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> redirectValidator() {
		Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> standard = new OAuth2AuthorizationCodeRequestAuthenticationValidator();
		Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> console = context -> {
			OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
			String expected = callbackOnThisOrigin();
			if (expected == null || !expected.equals(request.getRedirectUri())) {
				// no redirect_uri in the error: the browser is not sent to an address the hub did not check
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "OAuth 2.0 Parameter: " + OAuth2ParameterNames.REDIRECT_URI, null),
						new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(), request.getClientId(),
								(Authentication) request.getPrincipal(), null, request.getState(), request.getScopes(),
								request.getAdditionalParameters()));
			}
		};
		return context -> {
			if (isConsole(context.getRegisteredClient().getClientId())) {
				console.andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR).accept(context);
			} else {
				standard.accept(context);
			}
		};
	}

	private String callbackOnThisOrigin() {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return null;
		}
		HttpServletRequest request = attributes.getRequest();
		return ServletUriComponentsBuilder.fromContextPath(request).path(CALLBACK + properties.registrationId())
				.build().toUriString();
	}
}
