package dk.godstart.hub.server.fhir;

import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR API described for developers: HAPI's {@link OpenApiInterceptor} serves an OpenAPI 3 document drawn from
 * the CapabilityStatement at {@code /fhir/api-docs} and a Swagger UI at {@code /fhir/swagger-ui/}, with every resource
 * type, search parameter and the hub's own operations ({@code $process-message}, {@code $delivery-status}, ...).
 * Public like {@code /fhir/metadata}; trying a call from the page needs a token as any call does. HAPI's own rather
 * than a hand-written description, so it follows the CapabilityStatement as the server changes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "godstart.fhir.open-api", havingValue = "true", matchIfMissing = true)
public class OpenApiConfig {

	/** HAPI's interceptor, marked as one of the hub's so the REST server registers it. */
	static class HubOpenApi extends OpenApiInterceptor implements HubServerInterceptor {}

	@Bean
	HubOpenApi openApiInterceptor() {
		return new HubOpenApi();
	}
}
