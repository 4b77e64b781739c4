package dk.godstart.hub.server.retention;

import dk.godstart.hub.routes.retention.Retention;
import dk.godstart.hub.routes.retention.RetentionProperties;
import dk.godstart.hub.routes.retention.RetentionRoute;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The retention sweep of the hub's own tables ({@code godstart.retention.*}); see {@link Retention}. */
@Configuration
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionConfig {

	@Bean
	Retention retention(DataSource dataSource, RetentionProperties properties, Clock hubClock, MeterRegistry registry) {
		return new Retention(dataSource, properties, hubClock, registry);
	}

	@Bean
	RetentionRoute retentionRoute(Retention retention, RetentionProperties properties) {
		return new RetentionRoute(retention, properties);
	}
}
