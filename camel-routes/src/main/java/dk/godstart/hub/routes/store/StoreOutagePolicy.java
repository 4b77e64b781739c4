package dk.godstart.hub.routes.store;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * {@link StoreOutage} on a route that polls the store: while the store is away, a poll stops before its first step
 * (the outage's looker looks for the store, see {@link StoreWatchingDataSource}); a poll that fails because of the
 * store says so. Set on a route with
 * {@code .routePolicyRef(StoreOutagePolicy.BEAN)} (the queue routes' pollers and the store's timers).
 */
public class StoreOutagePolicy extends RoutePolicySupport {

	/** The bean name routes refer to it by ({@code .routePolicyRef(StoreOutagePolicy.BEAN)}). */
	public static final String BEAN = "storeOutagePolicy";

	private final StoreOutage outage;

	public StoreOutagePolicy(StoreOutage outage) {
		this.outage = outage;
	}

	@Override
	public void onExchangeBegin(Route route, Exchange exchange) {
		if (!outage.lookDue()) {
			exchange.setRouteStop(true);
		}
	}

	/** A store that fails in the middle of a poll (a connection cut by a shutdown) counts as much as a refused one. */
	@Override
	public void onExchangeDone(Route route, Exchange exchange) {
		Throwable failure = exchange.getException() != null ? exchange.getException()
				: exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		if (failure != null) {
			outage.failed(route.getRouteId(), failure);
		}
	}
}
