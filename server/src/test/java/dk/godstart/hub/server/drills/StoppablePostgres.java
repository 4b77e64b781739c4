package dk.godstart.hub.server.drills;

import dk.godstart.hub.server.database.EmbeddedDatabaseProperties;
import dk.godstart.hub.server.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the drill's own that it can stop and start again, as an operator (or a failing host) does to
 * the hub's database: a real cluster (the binaries the hub ships), its data in a fresh directory, on one loopback port
 * across restarts, so the hub's connection URL stays the same. Stopping is PostgreSQL's fast shutdown: open
 * connections are cut, transactions in flight rolled back, everything committed kept.
 */
final class StoppablePostgres implements AutoCloseable {

	private final EmbeddedDatabaseProperties properties;
	private EmbeddedPostgresServer server;

	private StoppablePostgres(EmbeddedDatabaseProperties properties) {
		this.properties = properties;
	}

	static StoppablePostgres start(String name) {
		Path directory = Path.of("target", "drills", name).toAbsolutePath();
		deleteRecursively(directory);
		StoppablePostgres postgres = new StoppablePostgres(
				new EmbeddedDatabaseProperties(directory, HubProcess.freePort(), "godstart", Duration.ofSeconds(120)));
		postgres.start();
		return postgres;
	}

	/** Starts it again on the same data and port; returns how long that took. */
	Duration start() {
		long started = System.nanoTime();
		server = EmbeddedPostgresServer.start(properties);
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/** Fast shutdown; returns how long that took. */
	Duration stop() {
		long started = System.nanoTime();
		server.close();
		server = null;
		return Duration.ofNanos(System.nanoTime() - started);
	}

	DrillDatabase database() {
		return DrillDatabase.on(server.jdbcUrl(), server.username(), "");
	}

	@Override
	public void close() {
		if (server != null) {
			stop();
		}
		deleteRecursively(properties.dataDirectory());
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
