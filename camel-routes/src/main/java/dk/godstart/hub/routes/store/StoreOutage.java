package dk.godstart.hub.routes.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's knowledge of whether its store is there: a circuit breaker on the store. The first connection refused
 * ({@link StoreWatchingDataSource}) or route failing with {@link StoreFailure#UNAVAILABLE} marks the store away (logged
 * once); from then on whatever asks for a connection (a FHIR request, an ADT message, the readiness check, a route) is
 * refused at once, without waiting for the pool's timeout. The store is looked for by this node's own looker, one look
 * per {@code probeInterval} after the last one ended, never by a request: a look waits up to the pool's connection
 * timeout, and a request that took looks would wait that long each time it asked for a connection. The first look that
 * gets a connection marks the store back (logged once, with how long it was away). The routes stand still meanwhile
 * ({@link StoreOutagePolicy}).
 *
 * <p>Standing still loses nothing and keeps every lease's meaning: leases are times in the store's own clock
 * ({@code now()}), so whatever a route had claimed stays claimed until its lease runs out and is then taken by whichever
 * node looks first, as after a crash; an outcome is written only by the lease's owner.
 */
public class StoreOutage {

	private static final Logger log = LoggerFactory.getLogger(StoreOutage.class);

	/** One look for the store: returns when it got a connection, throws when not. */
	@FunctionalInterface
	public interface Look {
		void look() throws Exception;
	}

	private final Clock clock;
	private final Duration probeInterval;
	private volatile Instant awaySince;
	private volatile Look look;
	private Thread looker;
	private long outages;
	private long looks;

	public StoreOutage(Clock clock, Duration probeInterval) {
		this.clock = clock;
		this.probeInterval = probeInterval;
	}

	/** How the looker looks for the store while it is away (the watched pool, asked for a connection). */
	public void lookWith(Look look) {
		this.look = look;
	}

	/** Whether to try the store now: while it is away, no one does (its looker looks). */
	public boolean mayLook() {
		return awaySince == null;
	}

	/** The same, for a route's poll: it runs only while the store is there. */
	public boolean lookDue() {
		return awaySince == null;
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
				outages++;
				log.warn("The store is unavailable ({}: {}); until it is back, connections are refused at once, the store "
						+ "is looked for every {} ms, and the routes wait", where, failure.getMessage(), probeInterval.toMillis());
				startLooking();
			}
		}
		return true;
	}

	private void startLooking() {
		if (looker != null && looker.isAlive()) {
			return;
		}
		looker = new Thread(this::lookUntilBack, "store-looker");
		looker.setDaemon(true);
		looker.start();
	}

	private void lookUntilBack() {
		while (awaySince != null) {
			try {
				Thread.sleep(probeInterval.toMillis());
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
			Look current = look;
			if (current == null) {
				reached(); // nothing to look with: the next request finds out
				return;
			}
			synchronized (this) {
				looks++;
			}
			try {
				current.look();
				reached();
			} catch (Exception stillAway) {
				log.debug("The store is still away: {}", stillAway.getMessage());
			}
		}
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

	/** How many looks for the store the looker has taken since this node started. */
	public synchronized long looks() {
		return looks;
	}
}
