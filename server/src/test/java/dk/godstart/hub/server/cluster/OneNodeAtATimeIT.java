package dk.godstart.hub.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.routes.cluster.PostgresClusterService;
import dk.godstart.hub.server.support.TestDatabase;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The retention sweep and the registry pull are {@code master:} routes: of two hub nodes on one database only one
 * runs such a route, and when that node stops the other takes over by itself. Two Camel contexts, each with its own
 * {@link PostgresClusterService} on the real test PostgreSQL, play the two nodes.
 */
class OneNodeAtATimeIT {

	private final String namespace = "drill-" + UUID.randomUUID();
	private final AtomicInteger ticksOnA = new AtomicInteger();
	private final AtomicInteger ticksOnB = new AtomicInteger();
	private CamelContext nodeA;
	private CamelContext nodeB;

	@Test
	void onlyOneNodeRunsAMasterRouteAndTheOtherTakesOverWhenItStops() throws Exception {
		nodeA = node("node-a", ticksOnA);
		await("node A to lead").atMost(Duration.ofSeconds(20)).until(() -> ticksOnA.get() > 0);
		nodeB = node("node-b", ticksOnB);
		int beforeB = ticksOnA.get();
		await("node A to go on ticking with B up").atMost(Duration.ofSeconds(20)).until(() -> ticksOnA.get() > beforeB + 5);
		assertThat(ticksOnB).as("node B waits while A leads").hasValue(0);

		nodeA.stop();
		await("node B to take over").atMost(Duration.ofSeconds(20)).until(() -> ticksOnB.get() > 0);
	}

	private CamelContext node(String name, AtomicInteger ticks) throws Exception {
		TestDatabase database = TestDatabase.get();
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(database.jdbcUrl);
		dataSource.setUser(database.username);
		dataSource.setPassword(database.password);
		CamelContext camel = new DefaultCamelContext();
		camel.addService(new PostgresClusterService(name, dataSource, Duration.ofMillis(200)));
		camel.addRoutes(new RouteBuilder() {
			@Override
			public void configure() {
				from("master:" + namespace + ":timer:" + name + "?period=50").process(exchange -> ticks.incrementAndGet());
			}
		});
		Properties none = new Properties();
		camel.getPropertiesComponent().setInitialProperties(none);
		camel.start();
		return camel;
	}

	@AfterEach
	void stopBoth() {
		if (nodeA != null) {
			nodeA.stop();
		}
		if (nodeB != null) {
			nodeB.stop();
		}
	}
}
