package dk.godstart.hub.server.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL cluster run from the binaries shipped in the jar, with its data in a directory that survives
 * restarts. Used for the zero-configuration default and, in tests, when neither a JDBC URL nor Docker is available.
 *
 * <p>Durability is switched back on: the embedded library starts PostgreSQL with {@code fsync} and
 * {@code synchronous_commit} off, which suits throw-away test databases but not a hub that promises never to lose
 * a committed referral.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
	private static final Duration STALE_SHUTDOWN_WAIT = Duration.ofSeconds(60);

	private final EmbeddedPostgres postgres;
	private final String databaseName;
	private final Path dataDirectory;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, String databaseName, Path dataDirectory) {
		this.postgres = postgres;
		this.databaseName = databaseName;
		this.dataDirectory = dataDirectory;
	}

	public static EmbeddedPostgresServer start(EmbeddedDatabaseProperties properties) {
		Path dataDirectory = properties.dataDirectory().toAbsolutePath().normalize();
		try {
			Files.createDirectories(dataDirectory.getParent());
			stopStalePostmaster(dataDirectory);
			long started = System.nanoTime();
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
					.setDataDirectory(dataDirectory)
					.setCleanDataDirectory(false)
					// Spring stops it (bean destroy), after the routes and the connection pool; a JVM hook of its own would
					// stop the database under requests and routes still finishing their work.
					.setRegisterShutdownHook(false)
					.setPort(properties.port())
					.setPGStartupWait(properties.startupTimeout())
					.setServerConfig("fsync", "on")
					.setServerConfig("synchronous_commit", "on")
					.setServerConfig("full_page_writes", "on")
					.setServerConfig("listen_addresses", "127.0.0.1")
					.setServerConfig("max_connections", "100")
					.start();
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, properties.databaseName(), dataDirectory);
			server.createDatabaseIfMissing();
			log.info(
					"Embedded PostgreSQL ready on 127.0.0.1:{} in {} ms, data in {}",
					postgres.getPort(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
					dataDirectory);
			return server;
		} catch (IOException e) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dataDirectory, e);
		}
	}

	/**
	 * A hub JVM that died without shutting down (kill -9, power cut of the container) leaves its PostgreSQL child
	 * running on the data directory, and a new one could not start. Stop that orphan the way an operator would,
	 * with a fast shutdown, so that the cluster recovers from its WAL on the next start.
	 */
	public static void stopStalePostmaster(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		Optional<Long> pid = readPostmasterPid(pidFile);
		if (pid.isEmpty()) {
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
		if (process.isEmpty() || !isPostgres(process.get())) {
			log.warn("Removing stale {} left by a PostgreSQL (pid {}) that is no longer running", pidFile, pid.get());
			Files.deleteIfExists(pidFile);
			return;
		}
		log.warn("PostgreSQL pid {} from an earlier run still holds {}; stopping it", pid.get(), dataDirectory);
		try {
			// SIGINT is PostgreSQL's "fast" shutdown; ProcessHandle only offers SIGTERM ("smart"), which also works
			// here because the clients of the dead JVM are gone.
			process.get().destroy();
			process.get().onExit().get(STALE_SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
		} catch (Exception e) {
			log.warn("PostgreSQL pid {} did not stop in {}; killing it, it will recover from its WAL", pid.get(), STALE_SHUTDOWN_WAIT);
			process.get().destroyForcibly();
		}
	}

	private static Optional<Long> readPostmasterPid(Path pidFile) throws IOException {
		if (!Files.isRegularFile(pidFile)) {
			return Optional.empty();
		}
		String firstLine = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("").trim();
		try {
			return Optional.of(Long.parseLong(firstLine));
		} catch (NumberFormatException e) {
			return Optional.empty();
		}
	}

	private static boolean isPostgres(ProcessHandle process) {
		return process.info().command().map(command -> command.contains("postgres")).orElse(true);
	}

	private void createDatabaseIfMissing() {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			exists.setString(1, databaseName);
			try (ResultSet rows = exists.executeQuery()) {
				if (rows.next()) {
					return;
				}
			}
			try (Statement create = connection.createStatement()) {
				create.execute("CREATE DATABASE \"" + databaseName.replace("\"", "\"\"") + "\"");
			}
			log.info("Created database {} in the embedded PostgreSQL", databaseName);
		} catch (SQLException e) {
			throw new IllegalStateException("Could not create database " + databaseName, e);
		}
	}

	public String jdbcUrl() {
		return postgres.getJdbcUrl("postgres", databaseName);
	}

	public String username() {
		return "postgres";
	}

	public int port() {
		return postgres.getPort();
	}

	public Path dataDirectory() {
		return dataDirectory;
	}

	@Override
	public void close() {
		try {
			postgres.close();
			log.info("Embedded PostgreSQL stopped");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
