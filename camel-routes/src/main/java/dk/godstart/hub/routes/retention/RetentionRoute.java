package dk.godstart.hub.routes.retention;

import org.apache.camel.builder.RouteBuilder;

/** Sweeps finished work away every {@code godstart.retention.interval} ({@link Retention}). */
public class RetentionRoute extends RouteBuilder {

	private final Retention retention;
	private final RetentionProperties properties;

	public RetentionRoute(Retention retention, RetentionProperties properties) {
		this.retention = retention;
		this.properties = properties;
	}

	@Override
	public void configure() {
		from("timer:hub-retention?delay=60000&period=" + properties.interval().toMillis())
				.routeId("retention")
				.autoStartup(properties.enabled())
				.bean(retention, "sweep");
	}
}
