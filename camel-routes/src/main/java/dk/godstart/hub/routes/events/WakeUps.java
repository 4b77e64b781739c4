package dk.godstart.hub.routes.events;

import org.apache.camel.Predicate;
import org.apache.camel.ProducerTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wake-ups for the polling routes. The outbox, delivery and subscription routes look for due work every
 * {@code godstart.delivery.poll-interval}; work committed on this node is also announced here, so the route takes it
 * at once instead of at its next look (a referral then reaches its receiver about two poll intervals sooner). The
 * database stays the only source of work: a wake-up carries nothing, a lost one costs a poll interval, and other
 * nodes find the work at their next poll. Pending wake-ups coalesce (a queue of one; a second is dropped while one
 * waits), and a route an operator suspended ignores them ({@link #whileStarted}).
 */
public class WakeUps {

	/** New outbox events were committed. */
	public static final String OUTBOX_EVENTS = "seda:hub-wake-up-outbox-events?size=1&discardWhenFull=true";
	/** New deliveries were committed. */
	public static final String DELIVERIES = "seda:hub-wake-up-deliveries?size=1&discardWhenFull=true";
	/** New subscription events were committed. */
	public static final String SUBSCRIPTION_EVENTS = "seda:hub-wake-up-subscription-events?size=1&discardWhenFull=true";

	private final ProducerTemplate producer;

	public WakeUps(ProducerTemplate producer) {
		this.producer = producer;
	}

	/**
	 * Wakes the route behind {@code endpoint} once the current transaction has committed (never for a rolled-back
	 * one), or at once outside a transaction. One wake-up per endpoint and transaction, however many writes it holds.
	 */
	public void afterCommit(String endpoint) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			wake(endpoint);
			return;
		}
		String key = WakeUps.class.getName() + ":" + endpoint;
		if (TransactionSynchronizationManager.hasResource(key)) {
			return;
		}
		TransactionSynchronizationManager.bindResource(key, Boolean.TRUE);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(key);
				if (status == STATUS_COMMITTED) {
					wake(endpoint);
				}
			}
		});
	}

	private void wake(String endpoint) {
		try {
			producer.sendBody(endpoint, null);
		} catch (RuntimeException e) {
			// Not worth failing anything for: the route's next poll finds the work.
		}
	}

	/** Lets a wake-up through only while the polling route {@code routeId} is started (not suspended or stopped). */
	public static Predicate whileStarted(String routeId) {
		return exchange -> {
			var status = exchange.getContext().getRouteController().getRouteStatus(routeId);
			return status != null && status.isStarted();
		};
	}
}
