package dk.godstart.hub.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub JVM killed with -9 leaves its PostgreSQL running on the data directory. The next start must take the
 * directory over, with every committed row still there.
 */
class EmbeddedPostgresCrashIT {

	@TempDir
	Path workDirectory;

	@Test
	void aRestartAfterKill9TakesOverTheOrphanedPostgresAndKeepsCommittedRows() throws Exception {
		Path dataDirectory = workDirectory.resolve("postgres");
		Process child = new ProcessBuilder(
						Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"-cp",
						System.getProperty("java.class.path"),
						CrashingHub.class.getName(),
						dataDirectory.toString())
				.redirectErrorStream(true)
				.start();
		long orphanPid = awaitReady(child);

		child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive))
				.as("PostgreSQL outlives the killed JVM, as in production")
				.contains(true);
		assertThat(Files.exists(dataDirectory.resolve("postmaster.pid"))).isTrue();

		try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(properties(dataDirectory))) {
			assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
			try (Connection connection = DriverManager.getConnection(restarted.jdbcUrl(), restarted.username(), "");
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT count(*) FROM referral_receipt")) {
				rows.next();
				assertThat(rows.getInt(1)).isEqualTo(CrashingHub.ROWS);
			}
		}
	}

	private static long awaitReady(Process child) throws Exception {
		BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		String line;
		StringBuilder seen = new StringBuilder();
		while (System.nanoTime() < deadline && (line = output.readLine()) != null) {
			seen.append(line).append('\n');
			if (line.startsWith("READY ")) {
				return Long.parseLong(line.substring("READY ".length()).trim());
			}
		}
		child.destroyForcibly();
		throw new AssertionError("child never became ready:\n" + seen);
	}

	static EmbeddedDatabaseProperties properties(Path dataDirectory) {
		return new EmbeddedDatabaseProperties(dataDirectory, 0, "godstart", Duration.ofSeconds(60));
	}

	/** Stands in for a hub process: starts the embedded PostgreSQL, commits rows, then waits to be killed. */
	public static final class CrashingHub {
		static final int ROWS = 25;

		public static void main(String[] args) throws Exception {
			EmbeddedPostgresServer server = EmbeddedPostgresServer.start(properties(Path.of(args[0])));
			try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE referral_receipt (id int PRIMARY KEY)");
				for (int i = 0; i < ROWS; i++) {
					statement.execute("INSERT INTO referral_receipt VALUES (" + i + ")");
				}
			}
			String pid = Files.readAllLines(Path.of(args[0], "postmaster.pid")).get(0).trim();
			System.out.println("READY " + pid);
			System.out.flush();
			Thread.sleep(Duration.ofMinutes(5).toMillis());
		}
	}
}
