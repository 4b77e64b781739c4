package dk.godstart.hub.server.fhir;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The FHIR REST endpoint.
 *
 * @param serverAddress the public base URL written into links and Location headers (e.g.
 *     {@code https://hub.example.dk/fhir}); empty to derive it from each request
 * @param defaultPageSize search results per page when the client does not say {@code _count}
 * @param maxPageSize the largest {@code _count} honoured
 * @param storeRetryAfter what {@code Retry-After} says when the store is away or full (503/507)
 * @param openApi whether HAPI's OpenAPI description ({@code /fhir/api-docs}) and Swagger UI ({@code /fhir/swagger-ui/})
 *     are served
 */
@ConfigurationProperties("godstart.fhir")
public record FhirServerProperties(
		@DefaultValue("") String serverAddress,
		@DefaultValue("20") int defaultPageSize,
		@DefaultValue("200") int maxPageSize,
		@DefaultValue("5s") Duration storeRetryAfter,
		@DefaultValue("true") boolean openApi) {}
