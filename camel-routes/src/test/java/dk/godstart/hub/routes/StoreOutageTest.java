package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.routes.store.StoreFailure;
import dk.godstart.hub.routes.store.StoreOutage;
import dk.godstart.hub.routes.store.StoreOutagePolicy;
import dk.godstart.hub.routes.store.StoreWatchingDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * PostgreSQL stopped under the hub: once a connection is refused, every later one is refused at once (no waiting for
 * the pool), the pollers stand still, the hub looks for the store by itself (no request ever waits for a look), and
 * the first look that gets a connection ends it for everyone; any other failure leaves everything as it was.
 */
class StoreOutageTest {

	final StoreOutage outage = new StoreOutage(Clock.systemUTC(), Duration.ofMillis(200));
	final Postgres postgres = new Postgres();
	final DataSource pool = new StoreWatchingDataSource(postgres, outage);
	final AtomicInteger polls = new AtomicInteger();
	volatile RuntimeException workFails;
	CamelContext camel;
	ProducerTemplate poller;

	@BeforeEach
	void aPollerOnTheStore() throws Exception {
		camel = new DefaultCamelContext();
		camel.getRegistry().bind(StoreOutagePolicy.BEAN, new StoreOutagePolicy(outage));
		camel.addRoutes(new RouteBuilder() {
			@Override
			public void configure() {
				onException(Exception.class).handled(true);
				from("direct:poll").routeId("outbox-events").routePolicyRef(StoreOutagePolicy.BEAN).to("direct:work");
				from("direct:work").routeId("outbox-events-work").process(exchange -> {
					polls.incrementAndGet();
					if (workFails != null) {
						throw workFails;
					}
					pool.getConnection();
				});
			}
		});
		camel.start();
		poller = camel.createProducerTemplate();
	}

	@AfterEach
	void stop() {
		camel.stop();
	}

	@Test
	void postgresStopsTheHubRefusesAtOnceLooksForItByItselfAndResumesWhenItIsBack() throws Exception {
		poll(3);
		assertThat(polls).as("store there: every poll works").hasValue(3);
		assertThat(postgres.asked).hasValue(3);

		postgres.stopped = true;
		poll(1);
		assertThat(postgres.asked).as("the poll that found it away").hasValue(4);
		assertThat(outage.available()).isFalse();
		poll(20);
		assertThat(polls).as("away: the pollers stand still").hasValue(4);
		for (int i = 0; i < 50; i++) {
			assertThatThrownBy(pool::getConnection).as("a FHIR request meanwhile is refused at once")
					.isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> outage.looks() >= 3);
		assertThat(outage.available()).isFalse();
		assertThat(postgres.asked.get()).as("no request asked PostgreSQL: only the looker, once per look")
				.isBetween(4 + (int) outage.looks() - 1, 4 + (int) outage.looks() + 1);

		postgres.stopped = false;
		await().atMost(Duration.ofSeconds(5)).until(outage::available);
		pool.getConnection();
		poll(4);
		assertThat(polls).as("the pollers work again").hasValue(8);
		assertThat(outage.outages()).isEqualTo(1);
	}

	@Test
	void aFailureThatIsNotTheStoreLeavesEverythingAsItWas() {
		workFails = new DataIntegrityViolationException("duplicate key", new SQLException("duplicate key", "23505"));
		poll(5);
		assertThat(polls).hasValue(5);
		assertThat(outage.available()).isTrue();
		assertThat(outage.outages()).isZero();
	}

	@Test
	void aConnectionCutMidPollCountsAsTheStoreAway() {
		workFails = new CannotGetJdbcConnectionException("terminating connection due to administrator command",
				new SQLException("terminating connection due to administrator command", "57P01"));
		poll(1);
		assertThat(outage.available()).isFalse();
	}

	@Test
	void aStoreThatIsFullDoesNotStopTheRoutes() {
		// the routes' own writes are small; the writes the disk guard refuses are the clients'
		workFails = new RuntimeException(new SQLException("could not extend file: No space left on device", "53100"));
		poll(3);
		assertThat(polls).hasValue(3);
		assertThat(outage.available()).isTrue();
	}

	static Stream<Arguments> failures() {
		return Stream.of(
				Arguments.of("HikariCP's pool timeout, PostgreSQL stopped", hikariTimedOut(), StoreFailure.UNAVAILABLE),
				Arguments.of("connection refused", new SQLException("Connection to 127.0.0.1:5432 refused", "08001"),
						StoreFailure.UNAVAILABLE),
				Arguments.of("connection lost mid-query",
						new RuntimeException(new SQLException("An I/O error occurred while sending to the backend", "08006")),
						StoreFailure.UNAVAILABLE),
				Arguments.of("fast shutdown", new SQLException("terminating connection due to administrator command", "57P01"),
						StoreFailure.UNAVAILABLE),
				Arguments.of("still starting", new SQLException("the database system is starting up", "57P03"),
						StoreFailure.UNAVAILABLE),
				Arguments.of("a rollback on a connection the pool closed when the store broke it",
						new RuntimeException("Unable to rollback against JDBC Connection", new SQLException("Connection is closed")),
						StoreFailure.UNAVAILABLE),
				Arguments.of("the outage behind a failed rollback", rollbackFailed(), StoreFailure.UNAVAILABLE),
				Arguments.of("disk full", new SQLException("could not extend file", "53100"), StoreFailure.FULL),
				Arguments.of("disk full outside SQL", new IOException("No space left on device"), StoreFailure.FULL),
				Arguments.of("a unique key", new SQLException("duplicate key value", "23505"), null),
				Arguments.of("a syntax error", new SQLException("syntax error", "42601"), null),
				Arguments.of("no SQLSTATE", new SQLException("something"), null),
				Arguments.of("not SQL at all", new IllegalStateException("bug"), null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void whatCountsAsTheStoreFailing(String what, Throwable failure, StoreFailure expected) {
		assertThat(StoreFailure.of(failure).orElse(null)).isEqualTo(expected);
	}

	private void poll(int times) {
		for (int i = 0; i < times; i++) {
			poller.sendBody("direct:poll", null);
		}
	}

	/** PostgreSQL as the pool meets it: a connection, or "connection refused" (08001) while it is stopped. */
	static final class Postgres extends AbstractDataSource {
		final AtomicInteger asked = new AtomicInteger();
		volatile boolean stopped;

		@Override
		public Connection getConnection() throws SQLException {
			asked.incrementAndGet();
			if (stopped) {
				throw new SQLTransientConnectionException(
						"godstart - Connection is not available, request timed out after 2000ms",
						new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
			}
			return null; // the poller does not use it
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}
	}

	private static RuntimeException rollbackFailed() {
		org.springframework.transaction.TransactionSystemException rollback =
				new org.springframework.transaction.TransactionSystemException("Could not roll back");
		rollback.initApplicationException(new SQLException("terminating connection due to administrator command", "57P01"));
		return rollback;
	}

	private static RuntimeException hikariTimedOut() {
		return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException("godstart - Connection is not available, request timed out after 2000ms"));
	}
}
