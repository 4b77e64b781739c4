package dk.godstart.hub.server.console;

import dk.godstart.hub.server.security.NoExternalIssuerCondition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Who may open the console: a person signed in by OpenID Connect (authorization code with PKCE), whose access token
 * the console then uses for every call to the hub's own API, so the API's access rules and audit apply to each page
 * and action as to any client. With the hub's own issuer the person signs in at {@code /console/signin}
 * ({@link EmbeddedConsoleSignIn}); with an external issuer, at the region's identity provider
 * ({@code spring.security.oauth2.client.registration.<godstart.console.registration-id>}).
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfig {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConsoleSecurityConfig.class);
	static final String AUTHORIZATION_BASE = "/console/oauth2/authorization";

	@Bean
	@Order(0)
	SecurityFilterChain console(HttpSecurity http, ConsoleProperties properties,
			ObjectProvider<ClientRegistrationRepository> registrations, ObjectProvider<EmbeddedConsoleSignIn> embedded)
			throws Exception {
		http.securityMatcher("/console", "/console/**")
				.authorizeHttpRequests(requests -> requests
						.requestMatchers("/console/signin", "/console/assets/**").permitAll()
						.anyRequest().authenticated())
				.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(
						new LoginUrlAuthenticationEntryPoint(AUTHORIZATION_BASE + "/" + properties.registrationId())))
				.logout(logout -> logout.logoutUrl("/console/signout").logoutSuccessUrl("/console/signin?signedout"))
				.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
						"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")));
		ClientRegistrationRepository repository = registrations.getIfAvailable();
		if (repository != null) {
			DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(repository,
					AUTHORIZATION_BASE);
			resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
			http.oauth2Login(login -> login
					.loginPage(AUTHORIZATION_BASE + "/" + properties.registrationId())
					.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
					.redirectionEndpoint(endpoint -> endpoint.baseUri(EmbeddedConsoleSignIn.CALLBACK + "*"))
					// to the overview: the request kept across the sign-in page was the issuer's, now answered
					.successHandler((request, response, authentication) -> {
						new HttpSessionRequestCache().removeRequest(request, response);
						response.sendRedirect(request.getContextPath() + "/console");
					})
					.failureHandler((request, response, problem) -> {
						log.warn("A console sign-in did not complete: {}", problem.getMessage());
						response.sendRedirect(request.getContextPath() + "/console/signin?failed");
					}));
		}
		EmbeddedConsoleSignIn signIn = embedded.getIfAvailable();
		if (signIn != null) {
			UserDetailsService users = signIn.users();
			http.userDetailsService(users)
					.formLogin(form -> form.loginPage("/console/signin").loginProcessingUrl("/console/signin")
							.failureUrl("/console/signin?error").defaultSuccessUrl("/console", false));
		}
		return http.build();
	}

	/**
	 * The console as a client of the hub's own issuer. The browser is sent to the issuer on its own origin; the code is
	 * exchanged and the ID token's keys fetched on loopback, at this node's port.
	 */
	@Bean
	@Conditional(NoExternalIssuerCondition.class)
	ClientRegistrationRepository consoleRegistration(ConsoleProperties properties, EmbeddedConsoleSignIn signIn,
			ApplicationContext context) {
		return registrationId -> {
			if (!properties.registrationId().equals(registrationId)) {
				return null;
			}
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			String loopback = "http://127.0.0.1:" + port;
			return ClientRegistration.withRegistrationId(registrationId)
					.clientId(EmbeddedConsoleSignIn.CLIENT_ID)
					.clientSecret(signIn.secret())
					.clientName("GodStart Hub")
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
					.redirectUri("{baseUrl}" + EmbeddedConsoleSignIn.CALLBACK + "{registrationId}")
					.scope(properties.scopes())
					.authorizationUri("/oauth2/authorize")
					.tokenUri(loopback + "/oauth2/token")
					.jwkSetUri(loopback + "/oauth2/jwks")
					.userNameAttributeName(IdTokenClaimNames.SUB)
					.build();
		};
	}
}
