package dk.godstart.hub.routes.registry;

import dk.godstart.hub.routes.store.StoreOutagePolicy;
import org.apache.camel.builder.RouteBuilder;

/**
 * Keeps the hub's copy of the residential treatment places current: every {@code godstart.registry.poll-interval}
 * (when {@code godstart.registry.base-url} is set), the node that leads the {@code registry-capacity} namespace
 * fetches them from the registry.
 */
public class CapacityPullRoute extends RouteBuilder {

	private final CapacityPuller puller;
	private final RegistryProperties properties;

	public CapacityPullRoute(CapacityPuller puller, RegistryProperties properties) {
		this.puller = puller;
		this.properties = properties;
	}

	@Override
	public void configure() {
		from("master:registry-capacity:timer:registry-capacity?delay=5000&period={{godstart.registry.poll-interval}}")
				.routeId("registry-capacity")
				.routePolicyRef(StoreOutagePolicy.BEAN)
				.autoStartup(properties.configured())
				.bean(puller, "pull");
	}
}
