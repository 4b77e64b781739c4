package dk.godstart.hub.routes.adt;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.mllp.*}: the HL7 v2 (MLLP) listener for the hospitals' ADT feeds. Documented in application.yaml.
 */
@ConfigurationProperties("godstart.mllp")
public record MllpProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("0.0.0.0") String host,
		@DefaultValue("2575") int port,
		@DefaultValue("10") int maxConnections,
		@DefaultValue("15s") Duration receiveTimeout,
		@DefaultValue("10m") Duration idleTimeout) {}
