package dk.godstart.hub.server.conformance;

import ca.uhn.fhir.validation.SingleValidationMessage;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.server.fhir.StartupGarbageRelease;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Warms the validator on the guide's examples on a thread of its own, started as soon as the validator exists, so
 * the warm-up runs beside the rest of start-up instead of after it; the web server opens only once it is done, so the
 * first request still meets a warm validator. A warm-up that fails in the background is done again in line.
 */
public class ValidatorWarmUp implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ValidatorWarmUp.class);

	private final GodStartValidator validator;
	private final CompletableFuture<Map<String, List<SingleValidationMessage>>> warming;
	private final long started = System.nanoTime();
	private volatile boolean running;

	public ValidatorWarmUp(GodStartValidator validator) {
		this.validator = validator;
		this.warming = CompletableFuture.supplyAsync(validator::warmUp, runnable -> {
			Thread thread = new Thread(runnable, "validator-warm-up");
			thread.setDaemon(true);
			thread.start();
		});
	}

	/** Waits for the warm-up, just before the web server's lifecycle phase. */
	@Override
	public void start() {
		Map<String, List<SingleValidationMessage>> failures;
		try {
			failures = warming.join();
		} catch (RuntimeException e) {
			log.info("Validator warm-up beside start-up did not finish; warming in line", e);
			failures = validator.warmUp();
		}
		failures.forEach((example, errors) -> log.warn("Guide example {} does not validate here: {}", example, errors));
		log.info("Validator warmed on the guide's examples, {} ms after its warm-up began",
				(System.nanoTime() - started) / 1_000_000);
		running = true;
	}

	@Override
	public void stop() {
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Before the start-up garbage is released and before the web server opens the port. */
	@Override
	public int getPhase() {
		return StartupGarbageRelease.WEB_SERVER_PHASE - 2;
	}
}
