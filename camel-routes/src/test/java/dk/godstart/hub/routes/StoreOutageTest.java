package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.routes.store.StoreFailure;
import dk.godstart.hub.routes.store.StoreOutage;
import dk.godstart.hub.routes.store.StoreOutagePolicy;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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

/**
 * PostgreSQL stopped under the routes: a poller that meets the store away stands still, looks again once per probe
 * interval, and resumes when a look gets through; any other failure leaves the polling as it was.
 */
class StoreOutageTest {

	final SettableClock clock = new SettableClock();
	final StoreOutage outage = new StoreOutage(clock, Duration.ofSeconds(1));
	final AtomicInteger looks = new AtomicInteger();
	volatile RuntimeException storeSays;
	CamelContext camel;
	ProducerTemplate poll;

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
					looks.incrementAndGet();
					if (storeSays != null) {
						throw storeSays;
					}
				});
			}
		});
		camel.start();
		poll = camel.createProducerTemplate();
	}

	@AfterEach
	void stop() {
		camel.stop();
	}

	@Test
	void theStoreGoesAwayTheRoutesLookOncePerSecondAndResumeWhenItIsBack() {
		polls(3);
		assertThat(looks).as("store there: every poll looks").hasValue(3);

		storeSays = hikariTimedOut();
		polls(1);
		assertThat(looks).as("the poll that found it away").hasValue(4);
		assertThat(outage.available()).isFalse();
		polls(20);
		assertThat(looks).as("away: no poll looks before the probe interval has passed").hasValue(4);

		clock.advance(Duration.ofMillis(1000));
		polls(5);
		assertThat(looks).as("one look per probe interval").hasValue(5);
		assertThat(outage.available()).isFalse();

		storeSays = null;
		clock.advance(Duration.ofMillis(1500));
		polls(1);
		assertThat(looks).hasValue(6);
		assertThat(outage.available()).as("the look got through").isTrue();
		polls(4);
		assertThat(looks).as("every poll looks again").hasValue(10);
		assertThat(outage.outages()).isEqualTo(1);
	}

	@Test
	void aFailureThatIsNotTheStoreLeavesThePollingAsItWas() {
		storeSays = new DataIntegrityViolationException("duplicate key", new SQLException("duplicate key", "23505"));
		polls(5);
		assertThat(looks).hasValue(5);
		assertThat(outage.available()).isTrue();
		assertThat(outage.outages()).isZero();
	}

	@Test
	void aStoreThatIsFullDoesNotStopTheRoutes() {
		// the routes' own writes are small; the writes the disk guard refuses are the clients'
		storeSays = new RuntimeException(new SQLException("could not extend file: No space left on device", "53100"));
		polls(3);
		assertThat(looks).hasValue(3);
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

	private void polls(int times) {
		for (int i = 0; i < times; i++) {
			poll.sendBody("direct:poll", null);
		}
	}

	private static RuntimeException hikariTimedOut() {
		return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException("godstart - Connection is not available, request timed out after 2000ms"));
	}

	static final class SettableClock extends Clock {
		private Instant now = Instant.parse("2026-12-02T08:00:00Z");

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	}
}
