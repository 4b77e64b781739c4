package dk.godstart.hub.routes.store;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * {@link StoreOutage} on a route that polls the store: while the store is away, a poll that is not the probe's turn
 * stops before its first step; every finished poll tells the outage whether it got through. Set on a route with
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
		if (!outage.mayLook()) {
			exchange.setRouteStop(true);
		}
	}

	@Override
	public void onExchangeDone(Route route, Exchange exchange) {
		if (exchange.isRouteStop() && exchange.getException() == null
				&& exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null) {
			return; // a skipped poll says nothing about the store
		}
		Throwable failure = exchange.getException() != null ? exchange.getException()
				: exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		if (failure == null) {
			outage.reached();
		} else {
			outage.failed(route.getRouteId(), failure);
		}
	}
}
