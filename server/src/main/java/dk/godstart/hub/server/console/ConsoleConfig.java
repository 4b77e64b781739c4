package dk.godstart.hub.server.console;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operators' console at {@code /console}: pages rendered by the hub, data from its own API. */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfig {

	@Bean
	HubApi hubApi(FhirContext fhirContext, ApplicationContext context) {
		return new HubApi(fhirContext, context);
	}

	@Bean
	ConsoleOperator consoleOperator(HubApi hubApi, org.springframework.security.oauth2.jwt.JwtDecoder tokens,
			dk.godstart.hub.server.security.CallerInterceptor callers) {
		return new ConsoleOperator(hubApi, tokens, callers);
	}
}
