package dk.godstart.hub.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one of the console's browser scenarios ({@code src/test/browser/scenarios/<name>.mjs}): Playwright
 * ({@code playwright-core}, installed from the npm registry by the build's {@code npm ci}) drives Debian's headless
 * Chromium against the hub on loopback. The test owns the hub, the peers and the API; the script owns the browser and
 * asks the test, by name, for what only the test can do ({@code answers}). A failed script fails the test with
 * everything it printed; a failed answer fails it with the answer's own exception.
 */
final class ConsoleBrowser {

	static final Path SCRIPTS = Path.of("src", "test", "browser");
	static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final long MINUTES = 3;

	private ConsoleBrowser() {
	}

	/** An answer to one of the script's questions: given the question's data, returns the value sent back. */
	interface Answer extends Function<JsonNode, Object> {
	}

	static void run(String scenario, String origin, Map<String, ?> facts, Map<String, Answer> answers)
			throws IOException, InterruptedException {
		Path script = SCRIPTS.resolve("scenarios").resolve(scenario + ".mjs");
		assertThat(script).as("the scenario's script").exists();
		assertThat(SCRIPTS.resolve("node_modules/playwright-core")).as(
				"playwright-core (the build runs npm ci in src/test/browser before the integration tests)").exists();
		String chromium = System.getenv().getOrDefault("GODSTART_CHROMIUM", "/usr/bin/chromium");
		assertThat(Path.of(chromium)).as("Chromium (Debian: apt-get install chromium; .ci/run does)").exists();
		Files.createDirectories(SCREENSHOTS);

		ProcessBuilder builder = new ProcessBuilder("node", SCRIPTS.relativize(script).toString())
				.directory(SCRIPTS.toFile()).redirectErrorStream(true);
		builder.environment().put("GODSTART_ORIGIN", origin);
		builder.environment().put("GODSTART_FACTS", JSON.writeValueAsString(facts));
		builder.environment().put("GODSTART_SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
		builder.environment().put("GODSTART_CHROMIUM", chromium);
		Process node = builder.start();
		Thread watchdog = new Thread(() -> {
			try {
				if (!node.waitFor(MINUTES, TimeUnit.MINUTES)) {
					node.destroyForcibly();
				}
			} catch (InterruptedException done) {
				Thread.currentThread().interrupt();
			}
		}, "browser-scenario-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();

		StringBuilder transcript = new StringBuilder();
		RuntimeException failedAnswer = null;
		AssertionError failedAssertion = null;
		try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
				Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				transcript.append(line).append('\n');
				if (!line.startsWith("@@ask ")) {
					continue;
				}
				JsonNode question = JSON.readTree(line.substring("@@ask ".length()));
				String asked = question.path("question").asText();
				ObjectNode reply = JSON.createObjectNode();
				Answer answer = answers.get(asked);
				try {
					if (answer == null) {
						throw new IllegalArgumentException("no answer to \"" + asked + "\" in this test");
					}
					reply.set("value", JSON.valueToTree(answer.apply(question.path("data"))));
				} catch (AssertionError e) {
					failedAssertion = e;
					reply.put("error", String.valueOf(e.getMessage()));
				} catch (RuntimeException e) {
					failedAnswer = e;
					reply.put("error", String.valueOf(e));
				}
				in.write(JSON.writeValueAsString(reply) + "\n");
				in.flush();
			}
		}
		boolean ended = node.waitFor(10, TimeUnit.SECONDS);
		watchdog.interrupt();
		if (failedAssertion != null) {
			throw new AssertionError(failedAssertion.getMessage() + "\n--- the browser scenario " + scenario + ":\n"
					+ transcript, failedAssertion);
		}
		if (failedAnswer != null) {
			throw new IllegalStateException("answering the browser scenario " + scenario + ":\n" + transcript,
					failedAnswer);
		}
		if (!ended || node.exitValue() != 0) {
			throw new AssertionError("the browser scenario " + scenario + (ended ? " failed" : " did not end in "
					+ MINUTES + " minutes") + " (screenshot " + SCREENSHOTS.resolve("failed-" + scenario + ".png")
					+ "):\n" + transcript);
		}
	}
}
