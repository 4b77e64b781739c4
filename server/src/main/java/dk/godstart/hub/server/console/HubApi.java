package dk.godstart.hub.server.console;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The hub's own FHIR API as the console calls it: on loopback, at this node, with the signed-in person's token, so
 * each page and action passes the same access rules and lands in the same audit trail as any client's request.
 */
public class HubApi implements AutoCloseable {

	private final FhirContext fhirContext;
	private final ApplicationContext context;
	private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
			.connectTimeout(java.time.Duration.ofSeconds(5)).build();

	/** For a page that asks the API several things: they are asked at once, not one after another. */
	private final java.util.concurrent.ExecutorService parallel = java.util.concurrent.Executors.newFixedThreadPool(4,
			new org.springframework.scheduling.concurrent.CustomizableThreadFactory("console-api-") {
				{
					setDaemon(true);
				}
			});

	public HubApi(FhirContext fhirContext, ApplicationContext context) {
		this.fhirContext = fhirContext;
		this.context = context;
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
	}

	/**
	 * The hub's own figures (its Prometheus metrics, {@code godstart_*} only) as the operator reads them at
	 * {@code /actuator/prometheus}: name with labels, value.
	 */
	public java.util.Map<String, Double> figures(String accessToken) {
		java.net.http.HttpResponse<java.util.stream.Stream<String>> answer;
		try {
			answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(loopback() + "/actuator/prometheus"))
					.header("Authorization", "Bearer " + accessToken).timeout(java.time.Duration.ofSeconds(10)).GET().build(),
					java.net.http.HttpResponse.BodyHandlers.ofLines());
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
		if (answer.statusCode() != 200) {
			answer.body().close();
			throw new IllegalStateException("The hub's metrics answered " + answer.statusCode());
		}
		java.util.Map<String, Double> figures = new java.util.TreeMap<>();
		try (java.util.stream.Stream<String> lines = answer.body()) {
			lines.filter(line -> line.startsWith("godstart_")).forEach(line -> {
				int space = line.lastIndexOf(' ');
				try {
					figures.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
				} catch (NumberFormatException | StringIndexOutOfBoundsException notAFigure) {
					// a line that is not "name value": skipped
				}
			});
		}
		return figures;
	}

	/** Starts {@code call} beside the page's own thread; {@link #joined} waits for it. */
	public <T> java.util.concurrent.CompletableFuture<T> meanwhile(java.util.function.Supplier<T> call) {
		return java.util.concurrent.CompletableFuture.supplyAsync(call, parallel);
	}

	/** The result of a call started with {@link #meanwhile}, or the exception it failed with, as thrown by it. */
	public static <T> T joined(java.util.concurrent.CompletableFuture<T> call) {
		try {
			return call.join();
		} catch (java.util.concurrent.CompletionException failed) {
			if (failed.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw failed;
		}
	}

	@Override
	public void close() {
		parallel.shutdownNow();
	}

	private String loopback() {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public IGenericClient as(String accessToken) {
		IGenericClient client = fhirContext.newRestfulGenericClient(loopback() + "/fhir");
		client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
		return client;
	}
}
