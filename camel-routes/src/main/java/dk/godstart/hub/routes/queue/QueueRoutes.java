package dk.godstart.hub.routes.queue;

import dk.godstart.hub.routes.events.WakeUps;
import dk.godstart.hub.routes.store.StoreFailure;
import dk.godstart.hub.routes.store.StoreOutage;
import dk.godstart.hub.routes.store.StoreOutagePolicy;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * What every route over a {@link LeasedQueue} starts with: it looks for due work every
 * {@code godstart.delivery.poll-interval}, and at once when this node commits work for it ({@link WakeUps}), unless an
 * operator suspended it, or the store is away ({@link StoreOutage}). Work found is taken by the route's {@code work} endpoint, side by side on a pool of
 * {@code godstart.delivery.concurrency} threads.
 */
public abstract class QueueRoutes extends RouteBuilder {

	/** The trigger routes of the queue route {@code routeId}; both hand over to {@code work}. */
	protected void pollAndWakeUp(String routeId, String wakeUp, String work) {
		from("timer:" + routeId + "?delay={{godstart.delivery.poll-interval}}&period={{godstart.delivery.poll-interval}}")
				.routeId(routeId)
				.autoStartup("{{godstart.delivery.enabled}}")
				.routePolicyRef(StoreOutagePolicy.BEAN)
				.to(work);
		from(wakeUp)
				.routeId(routeId + "-wake-up")
				.autoStartup("{{godstart.delivery.enabled}}")
				.filter(WakeUps.whileStarted(routeId))
				.to(work);
	}

	/** The bounded pool a queue route works on ({@code godstart.delivery.concurrency} threads). */
	protected ExecutorService workers(String name) {
		int threads = Integer.parseInt(getContext().resolvePropertyPlaceholders("{{godstart.delivery.concurrency}}"));
		return getContext().getExecutorServiceManager().newFixedThreadPool(this, name, threads);
	}

	/**
	 * A failure outside the per-item work (the claim itself, the database away): logged, and the route's next poll
	 * tries again; whatever was claimed stays leased and returns when its lease runs out. No Camel redelivery: the
	 * queue's own schedule is the retry. The store being away is not logged here: {@link StoreOutage} says it once
	 * and holds the polls back until it is there again.
	 */
	protected void keepPollingOnFailure() {
		onException(Exception.class)
				.handled(true)
				.filter(exchange -> StoreFailure.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).isEmpty())
					.log(LoggingLevel.WARN, "${routeId}: ${exception.class.simpleName}: ${exception.message};"
							+ " the work stays queued and is tried again at the next poll");
	}
}
