package dk.godstart.hub.routes.registry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.registry.*}: the residential treatment registry, an external FHIR endpoint. Capacity is fetched
 * from it every {@code poll-interval} when {@code base-url} is set. Documented in application.yaml.
 */
@ConfigurationProperties("godstart.registry")
public record RegistryProperties(
		@DefaultValue("") String baseUrl,
		@DefaultValue("") String bearerToken,
		@DefaultValue("5m") Duration pollInterval,
		@DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("30s") Duration requestTimeout) {

	public boolean configured() {
		return !baseUrl.isBlank();
	}
}
