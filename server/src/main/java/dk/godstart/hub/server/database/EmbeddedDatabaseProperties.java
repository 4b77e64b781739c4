package dk.godstart.hub.server.database;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL started inside the hub when no {@code spring.datasource.url} is configured.
 *
 * @param dataDirectory where the cluster's files live; kept across restarts
 * @param port TCP port on 127.0.0.1, 0 for any free port
 * @param databaseName the database the hub uses inside the cluster
 * @param startupTimeout how long to wait for PostgreSQL to accept connections
 */
@ConfigurationProperties("godstart.embedded-database")
public record EmbeddedDatabaseProperties(
		@DefaultValue("./data/postgres") Path dataDirectory,
		@DefaultValue("0") int port,
		@DefaultValue("godstart") String databaseName,
		@DefaultValue("60s") Duration startupTimeout) {}
