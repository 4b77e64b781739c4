package dk.godstart.hub.server.network;

import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.server.security.NetworkVisibility;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The woman's network: who is shown its team, plan, tasks and meetings ({@link NetworkAccess}); its messages, which
 * change the shared picture ({@link NetworkMessages}).
 */
@Configuration(proxyBeanMethods = false)
public class NetworkConfig {

	@Bean
	NetworkVisibility networkVisibility(HubDirectory hubDirectory) {
		return new NetworkAccess(hubDirectory, Clock.systemUTC());
	}

	@Bean
	NetworkMessages networkMessages(ca.uhn.fhir.jpa.api.dao.DaoRegistry daos, ca.uhn.fhir.context.FhirContext fhirContext) {
		return new NetworkMessages(daos, fhirContext);
	}
}
