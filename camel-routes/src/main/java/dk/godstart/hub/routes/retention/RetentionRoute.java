package dk.godstart.hub.routes.retention;

import dk.godstart.hub.routes.store.StoreOutagePolicy;
import org.apache.camel.builder.RouteBuilder;

/**
 * Sweeps finished work away every {@code godstart.retention.interval} ({@link Retention}), on one node at a time:
 * the node that leads the {@code retention} namespace of the hub's cluster service.
 */
public class RetentionRoute extends RouteBuilder {

	private final Retention retention;

	public RetentionRoute(Retention retention) {
		this.retention = retention;
	}

	@Override
	public void configure() {
		from("master:retention:timer:retention?delay=60000&period={{godstart.retention.interval}}")
				.routeId("retention")
				.routePolicyRef(StoreOutagePolicy.BEAN)
				.autoStartup("{{godstart.retention.enabled}}")
				.bean(retention, "sweep");
	}
}
