package dk.godstart.hub.server.security;

import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Every request needs a valid bearer token, except the CapabilityStatement and the health probes. What a token allows
 * inside the FHIR API is decided there (scopes, the caller's organisation, agreements: {@link AccessPolicy}); here
 * only the token itself is checked, and the actuator beyond health and {@code /admin} (client registration) are for
 * operators.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfig {

	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http, ProblemResponses problems, SecurityProperties properties) throws Exception {
		http.authorizeHttpRequests(requests -> requests
						.requestMatchers("/fhir/metadata", "/fhir/.well-known/smart-configuration", "/actuator/health",
								"/actuator/health/**", "/error").permitAll()
						// the API's description (OpenApiConfig), drawn from the public CapabilityStatement
						.requestMatchers("/fhir/api-docs", "/fhir/swagger-ui/**").permitAll()
						.requestMatchers("/actuator/**").hasAuthority("SCOPE_" + Scopes.OPERATIONS)
						// the registration of SMART Backend Services clients (BackendClientsController)
						.requestMatchers("/admin/**").hasAuthority("SCOPE_" + Scopes.OPERATIONS)
						.anyRequest().authenticated())
				.oauth2ResourceServer(resourceServer -> resourceServer
						.jwt(jwt -> {})
						.authenticationEntryPoint(problems)
						.accessDeniedHandler(problems))
				.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
				.csrf(csrf -> csrf.disable())
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(cache -> cache.disable())
				.anonymous(anonymous -> anonymous.disable());
		List<String> origins = properties.corsAllowedOrigins();
		if (origins.isEmpty()) {
			http.cors(cors -> cors.disable());
		} else {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(origins);
			cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
			cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Prefer", "If-Match", "If-None-Exist"));
			cors.setExposedHeaders(List.of("Location", "ETag", "Content-Location"));
			UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
			source.registerCorsConfiguration("/**", cors);
			http.cors(c -> c.configurationSource(source));
		}
		return http.build();
	}

	@Bean
	SmartDiscovery smartDiscovery(SecurityProperties properties, Environment environment) {
		return new SmartDiscovery(properties.externalTokenEndpoint().isBlank() ? null : properties.externalTokenEndpoint(),
				NoExternalIssuerCondition.noExternalIssuer(environment));
	}

	/** Before security, so an oversized body is refused before anything reads it. */
	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimit(SecurityProperties properties, ProblemResponses problems) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration =
				new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties.maxRequestSize().toBytes(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}
}
