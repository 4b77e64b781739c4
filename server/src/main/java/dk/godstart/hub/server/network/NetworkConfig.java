package dk.godstart.hub.server.network;

import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.server.security.NetworkVisibility;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The woman's network: who is shown its team, plan, tasks and meetings ({@link NetworkAccess}). */
@Configuration(proxyBeanMethods = false)
public class NetworkConfig {

	@Bean
	NetworkVisibility networkVisibility(HubDirectory hubDirectory) {
		return new NetworkAccess(hubDirectory, Clock.systemUTC());
	}
}
