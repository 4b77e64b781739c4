package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.routes.delivery.Delivery;
import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.delivery.NotificationDeliverer;
import dk.godstart.hub.routes.delivery.NotificationDeliveryRoute;
import dk.godstart.hub.routes.events.WakeUps;
import dk.godstart.hub.routes.store.StoreOutage;
import dk.godstart.hub.routes.store.StoreOutagePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * The production delivery route ({@link NotificationDeliveryRoute}), set to poll once an hour, still looks for work
 * at once when this node commits some; not for a write that rolled back, once for a transaction however many writes
 * it holds, and not while an operator has suspended it. Wake-ups sent are counted as Camel sends them, so "nothing
 * was sent" is a fact checked at once, not a pause.
 */
class WakeUpsTest {

	private static final DeliveryProperties HOURLY = new DeliveryProperties(true, Duration.ofHours(1), 50, 2,
			Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30), "",
			new DeliveryProperties.Retry(Duration.ofSeconds(5), 2.0, Duration.ofHours(1), Duration.ofHours(48), 10),
			new DeliveryProperties.Acknowledgements(Duration.ofMinutes(30), 2, Duration.ofSeconds(30)),
			Duration.ofSeconds(1));

	final AtomicInteger looks = new AtomicInteger();
	final AtomicInteger wakeUpsSent = new AtomicInteger();
	CamelContext camel;
	WakeUps wakeUps;

	@BeforeEach
	void theDeliveryRoutePollingOnceAnHour() throws Exception {
		camel = new DefaultCamelContext();
		Properties settings = new Properties();
		settings.put("godstart.delivery.poll-interval", "1h");
		settings.put("godstart.delivery.enabled", "true");
		settings.put("godstart.delivery.concurrency", "2");
		camel.getPropertiesComponent().setInitialProperties(settings);
		camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
			@Override
			public void notify(CamelEvent event) {
				if (event instanceof CamelEvent.ExchangeSentEvent sent
						&& sent.getEndpoint().getEndpointUri().startsWith("seda://hub-wake-up-deliveries")) {
					wakeUpsSent.incrementAndGet();
				}
			}
		});
		camel.getRegistry().bind(StoreOutagePolicy.BEAN,
				new StoreOutagePolicy(new StoreOutage(Clock.systemUTC(), Duration.ofSeconds(1))));
		camel.addRoutes(new NotificationDeliveryRoute(new CountingDeliverer()));
		camel.start();
		wakeUps = new WakeUps(camel.createProducerTemplate());
	}

	@AfterEach
	void stop() {
		camel.stop();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void committedWorkIsLookedForAtOnceOncePerTransaction() {
		NotifyBuilder looked = new NotifyBuilder(camel).fromRoute("notification-delivery-wake-up").whenDone(1).create();
		TransactionSynchronizationManager.initSynchronization();
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		assertThat(wakeUpsSent).as("nothing before the commit").hasValue(0);

		complete(TransactionSynchronization.STATUS_COMMITTED);

		assertThat(wakeUpsSent).as("two writes in one transaction, one wake-up").hasValue(1);
		assertThat(looked.matches(10, TimeUnit.SECONDS)).as("the route looked at once, not in an hour").isTrue();
		assertThat(looks).hasValue(1);
	}

	@Test
	void aRolledBackWriteWakesNobody() {
		TransactionSynchronizationManager.initSynchronization();
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		complete(TransactionSynchronization.STATUS_ROLLED_BACK);
		assertThat(wakeUpsSent).hasValue(0);

		NotifyBuilder looked = new NotifyBuilder(camel).fromRoute("notification-delivery-wake-up").whenDone(1).create();
		wakeUps.afterCommit(WakeUps.DELIVERIES); // outside a transaction: at once
		assertThat(wakeUpsSent).hasValue(1);
		assertThat(looked.matches(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aSuspendedRouteIgnoresWakeUps() throws Exception {
		camel.getRouteController().suspendRoute("notification-delivery");
		NotifyBuilder ignored = new NotifyBuilder(camel).fromRoute("notification-delivery-wake-up").whenDone(1).create();
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		assertThat(ignored.matches(10, TimeUnit.SECONDS)).as("the wake-up arrived").isTrue();
		assertThat(looks).as("and was let through to nothing").hasValue(0);

		camel.getRouteController().resumeRoute("notification-delivery");
		NotifyBuilder looked = new NotifyBuilder(camel).fromRoute("notification-delivery-wake-up").whenDone(1).create();
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		assertThat(looked.matches(10, TimeUnit.SECONDS)).isTrue();
		assertThat(looks).hasValue(1);
	}

	private static void complete(int status) {
		var synchronizations = TransactionSynchronizationManager.getSynchronizations();
		TransactionSynchronizationManager.clearSynchronization();
		TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations, status);
	}

	/** The real deliverer's place in the route; it only counts the looks and finds nothing due. */
	private final class CountingDeliverer extends NotificationDeliverer {
		CountingDeliverer() {
			super(null, null, null, null, null, null, null, null, HOURLY, null, "test-node", null);
		}

		@Override
		public List<Delivery> claim() {
			looks.incrementAndGet();
			return List.of();
		}
	}
}
