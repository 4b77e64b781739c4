package dk.godstart.hub.server.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One hub node as operations run it: the built jar ({@code target/godstart-hub.jar}, made by {@code package} before
 * the integration tests run) in its own JVM, on its own loopback port, against a given PostgreSQL or on the embedded
 * default with its data in a given directory ({@link #embedded}). It can be stopped
 * the polite way (SIGTERM), killed the hard way (SIGKILL) and started again on the same port and database.
 * Its output goes to {@code target/drills/<name>.log}, kept for reading after a failed drill.
 */
final class HubProcess implements AutoCloseable {

	static final Path JAR = Path.of("target", "godstart-hub.jar");
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;
	private final List<String> command;
	private final int port;
	private final int mllpPort;
	private final Path log;
	private Process process;
	private Duration lastStart = Duration.ZERO;

	/**
	 * @param settings extra {@code key=value} Spring properties (delivery timings of the drill, ...)
	 */
	HubProcess(String name, DrillDatabase database, List<String> settings) {
		this(name, List.of(
				"spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password()), settings);
	}

	/**
	 * The zero-configuration default: no {@code spring.datasource.url} (a command-line argument outranks an environment
	 * variable), the hub's own PostgreSQL with its cluster in {@code dataDirectory}.
	 */
	static HubProcess embedded(String name, Path dataDirectory, List<String> settings) {
		return new HubProcess(name, List.of("spring.datasource.url=",
				"godstart.embedded-database.data-directory=" + dataDirectory.toAbsolutePath()), settings);
	}

	private HubProcess(String name, List<String> store, List<String> settings) {
		if (!Files.isRegularFile(JAR)) {
			throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the drills run the packaged hub ("
					+ "./mvnw verify packages it before the integration tests)");
		}
		this.name = name;
		this.port = freePort();
		this.mllpPort = freePort();
		this.log = Path.of("target", "drills", name + ".log");
		List<String> cmd = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx1g",
				"-jar", JAR.toString(),
				"--server.port=" + port,
				"--godstart.mllp.port=" + mllpPort));
		store.forEach(setting -> cmd.add("--" + setting));
		settings.forEach(setting -> cmd.add("--" + setting));
		this.command = List.copyOf(cmd);
	}

	/** Starts the JVM and waits until it reports ready (the guide installed, the routes running). */
	HubProcess start(Duration within) {
		if (process != null && process.isAlive()) {
			throw new IllegalStateException(name + " is already running");
		}
		try {
			Files.createDirectories(log.getParent());
			Files.writeString(log, "=== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
			long started = System.nanoTime();
			process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
			awaitReady(started, within);
			lastStart = Duration.ofNanos(System.nanoTime() - started);
			return this;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private void awaitReady(long started, Duration within) {
		long deadline = started + within.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; " + tail());
			}
			if (answers("/actuator/health/readiness")) {
				return;
			}
			sleep(250);
		}
		process.destroyForcibly();
		throw new IllegalStateException(name + " not ready within " + within + "; " + tail());
	}

	/** SIGKILL: no shutdown hook, no connection closed politely, whatever was in flight is cut off. */
	void kill() {
		process.destroyForcibly();
		waitFor(Duration.ofSeconds(30));
	}

	/** SIGTERM, as a rolling update stops a node; returns the exit code. */
	int stop() {
		process.destroy();
		if (!waitFor(Duration.ofSeconds(60))) {
			process.destroyForcibly();
			waitFor(Duration.ofSeconds(30));
			throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM; " + tail());
		}
		return process.exitValue();
	}

	boolean running() {
		return process != null && process.isAlive();
	}

	long pid() {
		return process.pid();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port + "/fhir";
	}

	String rootUrl() {
		return "http://127.0.0.1:" + port;
	}

	/** The node's HL7 v2 (MLLP) listener on 127.0.0.1. */
	int mllpPort() {
		return mllpPort;
	}

	Duration lastStart() {
		return lastStart;
	}

	String name() {
		return name;
	}

	@Override
	public void close() {
		if (running()) {
			process.destroy();
			if (!waitFor(Duration.ofSeconds(60))) {
				process.destroyForcibly();
			}
		}
	}

	private boolean answers(String path) {
		return status(path) == 200;
	}

	/** The HTTP status the node answers {@code path} (under its root) with; -1 when it does not answer. */
	int status(String path) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(rootUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode();
		} catch (IOException e) {
			return -1;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private boolean waitFor(Duration duration) {
		try {
			return process.waitFor(duration.toMillis(), TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** The end of the node's log, for the failure message. */
	String tail() {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return "log " + log.toAbsolutePath() + " ends:\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		} catch (IOException e) {
			return "log " + log.toAbsolutePath() + " unreadable: " + e.getMessage();
		}
	}

	/** The node's logged incidents (a request answered 500), each with the first lines of its stack trace. */
	String incidents() {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			StringBuilder found = new StringBuilder();
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).contains("Incident ")) {
					for (int j = i; j < Math.min(lines.size(), i + 25); j++) {
						found.append(lines.get(j)).append('\n');
					}
				}
			}
			return found.length() == 0 ? "no incident in " + log.toAbsolutePath() : found.toString();
		} catch (IOException e) {
			return "log " + log.toAbsolutePath() + " unreadable: " + e.getMessage();
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** A loopback port free at the moment of asking. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
