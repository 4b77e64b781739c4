package dk.godstart.hub.server.database;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-configuration default: when no {@code spring.datasource.url} is set, the hub runs its own PostgreSQL.
 * With a URL set, Spring Boot's own datasource auto-configuration takes over and none of this is created.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
public class EmbeddedDatabaseConfig {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(EmbeddedDatabaseProperties properties) {
		return EmbeddedPostgresServer.start(properties);
	}

	/** Pool settings still come from {@code spring.datasource.hikari.*}, as for an external database. */
	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	DataSource dataSource(EmbeddedPostgresServer server) {
		return DataSourceBuilder.create()
				.type(HikariDataSource.class)
				.url(server.jdbcUrl())
				.username(server.username())
				.build();
	}
}
