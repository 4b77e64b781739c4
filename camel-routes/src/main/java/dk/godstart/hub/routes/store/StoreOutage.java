package dk.godstart.hub.routes.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's knowledge of whether its store is there: a circuit breaker on the store, with one look per
 * {@code probeInterval} while it is away. The first connection refused ({@link StoreWatchingDataSource}) or route
 * failing with {@link StoreFailure#UNAVAILABLE} marks the store away (logged once); from then on whatever asks for a
 * connection (a FHIR request, an ADT message, the readiness check, a route) is refused at once, without waiting for
 * the pool's timeout, except one look per probe interval, and the first look that gets a connection marks the store
 * back (logged once, with how long it was away). The routes stand still meanwhile ({@link StoreOutagePolicy}).
 *
 * <p>Standing still loses nothing and keeps every lease's meaning: leases are times in the store's own clock
 * ({@code now()}), so whatever a route had claimed stays claimed until its lease runs out and is then taken by whichever
 * node looks first, as after a crash; an outcome is written only by the lease's owner.
 */
public class StoreOutage {

	private static final Logger log = LoggerFactory.getLogger(StoreOutage.class);

	private final Clock clock;
	private final Duration probeInterval;
	private volatile Instant awaySince;
	private Instant lastLook;
	private long outages;

	public StoreOutage(Clock clock, Duration probeInterval) {
		this.clock = clock;
		this.probeInterval = probeInterval;
	}

	/**
	 * Whether to try the store now: always while it is there; while it is away, true for the first caller in each probe
	 * interval (the look), false for the others.
	 */
	public boolean mayLook() {
		if (awaySince == null) {
			return true;
		}
		synchronized (this) {
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
	}

	/** Whether a look is due (without taking it): the store is there, or its probe interval has passed. */
	public boolean lookDue() {
		if (awaySince == null) {
			return true;
		}
		synchronized (this) {
			return awaySince == null || lastLook == null || !clock.instant().isBefore(lastLook.plus(probeInterval));
		}
	}

	/** {@code where} failed with {@code failure}; true when that was the store being away. */
	public boolean failed(String where, Throwable failure) {
		Optional<StoreFailure> cause = StoreFailure.of(failure);
		if (cause.isEmpty() || cause.get() != StoreFailure.UNAVAILABLE) {
			return false;
		}
		synchronized (this) {
			if (awaySince == null) {
				awaySince = clock.instant();
				lastLook = awaySince;
				outages++;
				log.warn("The store is unavailable ({}: {}); until it is back, connections are refused at once but for "
						+ "one look every {} ms, and the routes wait", where, failure.getMessage(), probeInterval.toMillis());
			}
		}
		return true;
	}

	/** Something got a connection to the store. */
	public void reached() {
		if (awaySince == null) {
			return;
		}
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

	public boolean available() {
		return awaySince == null;
	}

	/** How many times this node has found its store away since it started. */
	public synchronized long outages() {
		return outages;
	}
}
