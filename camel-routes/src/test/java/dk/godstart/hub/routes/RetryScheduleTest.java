package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.routes.delivery.DeliveryProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The production defaults: from seconds to an hour between tries, and at least a day of trying. */
class RetryScheduleTest {

	final DeliveryProperties.Retry retry =
			new DeliveryProperties.Retry(Duration.ofSeconds(5), 2.0, Duration.ofHours(1), Duration.ofHours(48), 10);

	@Test
	void waitsGrowExponentiallyUpToTheMaximum() {
		assertThat(retry.backoff(1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(retry.backoff(2)).isEqualTo(Duration.ofSeconds(10));
		assertThat(retry.backoff(5)).isEqualTo(Duration.ofSeconds(80));
		assertThat(retry.backoff(11)).isEqualTo(Duration.ofHours(1));
		assertThat(retry.backoff(500)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void aReceiverDownForADayIsStillTriedThroughoutIt() {
		Duration elapsed = Duration.ZERO;
		int tries = 0;
		while (elapsed.compareTo(Duration.ofHours(24)) < 0) {
			elapsed = elapsed.plus(retry.backoff(++tries));
		}
		assertThat(elapsed).isLessThan(retry.giveUpAfter());
		assertThat(tries).as("about a try an hour once backed off").isBetween(30, 40);
	}
}
