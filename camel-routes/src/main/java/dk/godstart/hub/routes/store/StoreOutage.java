package dk.godstart.hub.routes.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of whether its store is there, as the routes meet it. The first route to fail with
 * {@link StoreFailure#UNAVAILABLE} marks the store away (logged once); from then on the store's routes stand still but
 * for one look every {@code probeInterval}, and the first look that gets through marks it back (logged once, with how
 * long it was away), and every route resumes at its next poll.
 *
 * <p>Standing still loses nothing and keeps every lease's meaning: leases are times in the store's own clock
 * ({@code now()}), so whatever a route had claimed stays claimed until its lease runs out and is then taken by whichever
 * node looks first, as after a crash; an outcome is written only by the lease's owner.
 */
public class StoreOutage {

	private static final Logger log = LoggerFactory.getLogger(StoreOutage.class);

	private final Clock clock;
	private final Duration probeInterval;
	private Instant awaySince;
	private Instant lastLook;
	private long outages;

	public StoreOutage(Clock clock, Duration probeInterval) {
		this.clock = clock;
		this.probeInterval = probeInterval;
	}

	/** Whether a route should look at the store now: always while it is there, once per probe interval while away. */
	public synchronized boolean mayLook() {
		if (awaySince == null) {
			return true;
		}
		Instant now = clock.instant();
		if (lastLook == null || !now.isBefore(lastLook.plus(probeInterval))) {
			lastLook = now;
			return true;
		}
		return false;
	}

	/** A route failed with {@code failure}; true when that was the store being away (the caller need not log it). */
	public boolean failed(String route, Throwable failure) {
		Optional<StoreFailure> cause = StoreFailure.of(failure);
		if (cause.isEmpty() || cause.get() != StoreFailure.UNAVAILABLE) {
			return false;
		}
		synchronized (this) {
			if (awaySince == null) {
				awaySince = clock.instant();
				lastLook = awaySince;
				outages++;
				log.warn("The store is unavailable ({}: {}); the routes wait and look again every {} ms", route,
						failure.getMessage(), probeInterval.toMillis());
			}
		}
		return true;
	}

	/** A route got through to the store. */
	public void reached() {
		Instant since;
		synchronized (this) {
			since = awaySince;
			awaySince = null;
			lastLook = null;
		}
		if (since != null) {
			log.warn("The store is back after {} ms; the routes resume", Duration.between(since, clock.instant()).toMillis());
		}
	}

	public synchronized boolean available() {
		return awaySince == null;
	}

	/** How many times this node has found its store away since it started. */
	public synchronized long outages() {
		return outages;
	}
}
