package dk.godstart.hub.routes.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.retention.*}: how long the hub's own bookkeeping of finished work is kept, and how often it is
 * swept. Documented in application.yaml.
 */
@ConfigurationProperties("godstart.retention")
public record RetentionProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("90d") Duration keepFor,
		@DefaultValue("1h") Duration interval,
		@DefaultValue("5000") int batchSize) {}
