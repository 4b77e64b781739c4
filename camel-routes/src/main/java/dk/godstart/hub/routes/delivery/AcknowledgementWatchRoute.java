package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.store.StoreOutagePolicy;
import org.apache.camel.builder.RouteBuilder;

/**
 * Messages whose receiver's acknowledgement is overdue → resent, or parked {@code no-acknowledgement} after the resends
 * allowed (any node; rows are shared with {@code SKIP LOCKED}).
 */
public class AcknowledgementWatchRoute extends RouteBuilder {

	private final ReceiverAcknowledgements acknowledgements;

	public AcknowledgementWatchRoute(ReceiverAcknowledgements acknowledgements) {
		this.acknowledgements = acknowledgements;
	}

	@Override
	public void configure() {
		from("timer:acknowledgement-watch?delay=1000&period={{godstart.delivery.acknowledgement.check-interval}}")
				.routeId("acknowledgement-watch")
				.routePolicyRef(StoreOutagePolicy.BEAN)
				.autoStartup("{{godstart.delivery.enabled}}")
				.bean(acknowledgements, "checkOverdue");
	}
}
