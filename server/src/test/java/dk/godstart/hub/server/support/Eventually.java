package dk.godstart.hub.server.support;

import java.time.Duration;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/** Waits for something the hub does in the background, polling; fails with the last value seen. */
public final class Eventually {

	private Eventually() {}

	public static <T> T await(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
		long deadline = System.nanoTime() + timeout.toNanos();
		T last = probe.get();
		while (!done.test(last)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionFailedError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
						+ "; last seen: " + last);
			}
			try {
				Thread.sleep(50);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionFailedError("Interrupted waiting for " + what);
			}
			last = probe.get();
		}
		return last;
	}
}
