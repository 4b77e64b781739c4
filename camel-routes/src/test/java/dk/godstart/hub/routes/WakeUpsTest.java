package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.routes.events.WakeUps;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * A delivery route that polls once an hour still delivers at once when this node commits work, and not for a write
 * that rolled back, nor while an operator has suspended it.
 */
class WakeUpsTest {

	final AtomicInteger looks = new AtomicInteger();
	CamelContext camel;
	WakeUps wakeUps;

	@BeforeEach
	void aRouteThatPollsOnceAnHour() throws Exception {
		camel = new DefaultCamelContext();
		camel.addRoutes(new RouteBuilder() {
			@Override
			public void configure() {
				from("timer:hourly?delay=3600000&period=3600000").routeId("deliveries").to("direct:work");
				from(WakeUps.DELIVERIES).routeId("deliveries-wake-up")
						.filter(WakeUps.whileStarted("deliveries")).to("direct:work");
				from("direct:work").process(exchange -> looks.incrementAndGet());
			}
		});
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
	void committedWorkIsLookedForAtOnceOncePerTransaction() throws Exception {
		TransactionSynchronizationManager.initSynchronization();
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		Thread.sleep(300);
		assertThat(looks).as("nothing before the commit").hasValue(0);

		complete(TransactionSynchronization.STATUS_COMMITTED);

		awaitLooks(1);
		Thread.sleep(300);
		assertThat(looks).as("two writes in one transaction, one look").hasValue(1);
	}

	@Test
	void aRolledBackWriteWakesNobody() throws Exception {
		TransactionSynchronizationManager.initSynchronization();
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		complete(TransactionSynchronization.STATUS_ROLLED_BACK);

		Thread.sleep(500);
		assertThat(looks).hasValue(0);
		wakeUps.afterCommit(WakeUps.DELIVERIES); // outside a transaction: at once
		awaitLooks(1);
	}

	@Test
	void aSuspendedRouteIgnoresWakeUps() throws Exception {
		camel.getRouteController().suspendRoute("deliveries");
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		Thread.sleep(500);
		assertThat(looks).hasValue(0);

		camel.getRouteController().resumeRoute("deliveries");
		wakeUps.afterCommit(WakeUps.DELIVERIES);
		awaitLooks(1);
	}

	private static void complete(int status) {
		var synchronizations = TransactionSynchronizationManager.getSynchronizations();
		TransactionSynchronizationManager.clearSynchronization();
		TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations, status);
	}

	private void awaitLooks(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (looks.get() < expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(looks).hasValue(expected);
	}
}
