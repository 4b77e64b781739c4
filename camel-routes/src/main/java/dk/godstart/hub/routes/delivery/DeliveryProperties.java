package dk.godstart.hub.routes.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.delivery.*}: how often the routes look for work, how much they take at once, how long a node holds
 * what it took, how deliveries are retried, and how often the routes look for a store that is away. Documented in
 * application.yaml.
 */
@ConfigurationProperties("godstart.delivery")
public record DeliveryProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("100ms") Duration pollInterval,
		@DefaultValue("50") int batchSize,
		@DefaultValue("4") int concurrency,
		@DefaultValue("60s") Duration lease,
		@DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("30s") Duration requestTimeout,
		@DefaultValue("") String hubBaseUrl,
		@DefaultValue Retry retry,
		@DefaultValue Acknowledgements acknowledgement,
		@DefaultValue("1s") Duration storeProbeInterval) {

	/**
	 * MedCom reliable messaging, for receivers that acknowledge with a message: a delivered message not acknowledged
	 * within {@code window} is resent (same MessageHeader id, new envelope), at most {@code resends} times, then parked
	 * {@code no-acknowledgement}; overdue acknowledgements are looked for every {@code checkInterval}.
	 */
	public record Acknowledgements(
			@DefaultValue("30m") Duration window,
			@DefaultValue("2") int resends,
			@DefaultValue("30s") Duration checkInterval) {}

	/**
	 * Exponential backoff: {@code initialInterval}, times {@code multiplier} per try, at most {@code maxInterval}
	 * between tries; a delivery still failing {@code giveUpAfter} after it was queued is parked as undeliverable.
	 * An event that cannot be routed is tried {@code routingAttempts} times before it is marked failed.
	 */
	public record Retry(
			@DefaultValue("5s") Duration initialInterval,
			@DefaultValue("2.0") double multiplier,
			@DefaultValue("1h") Duration maxInterval,
			@DefaultValue("48h") Duration giveUpAfter,
			@DefaultValue("10") int routingAttempts) {

		/**
		 * When to try again after the {@code attempt}-th failed try, at {@code now}; empty when that would be after
		 * {@code giveUpAt} (the delivery is then parked undeliverable).
		 */
		public java.util.Optional<java.time.Instant> nextTry(int attempt, java.time.Instant now, java.time.Instant giveUpAt) {
			java.time.Instant next = now.plus(backoff(attempt));
			return next.isAfter(giveUpAt) ? java.util.Optional.empty() : java.util.Optional.of(next);
		}

		/** The wait after the {@code attempt}-th failed try (1-based). */
		public Duration backoff(int attempt) {
			double millis = initialInterval.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
			return Duration.ofMillis((long) Math.min(millis, maxInterval.toMillis()));
		}
	}
}
