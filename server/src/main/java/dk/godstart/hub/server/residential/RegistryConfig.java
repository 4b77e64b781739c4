package dk.godstart.hub.server.residential;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import dk.godstart.hub.routes.registry.RegistryCopies;
import dk.godstart.hub.routes.registry.RegistryProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The residential treatment registry: the route that keeps the hub's copy of its places (camel-routes
 * {@code registry/}) wired to a copy kept through HAPI. Events to the registry need no wiring of their own: they are
 * hub events, delivered to the registry's endpoint where an agreement names it.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryConfig {

	@Bean
	RegistryCopies registryCopies(DaoRegistry daos) {
		return new JpaRegistryCopies(daos);
	}

	@Bean
	RegistryCapacityMessages registryCapacityMessages(RegistryCopies copies, RegistryProperties properties,
			DaoRegistry daos, Clock hubClock) {
		return new RegistryCapacityMessages(copies, properties, daos, hubClock);
	}
}
