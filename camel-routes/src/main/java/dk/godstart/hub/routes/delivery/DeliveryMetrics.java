package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.events.OutboxRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Delivery figures for {@code /actuator/prometheus}: delivered, retried and parked (by reason) counts, the delivery
 * latency from the write to the receiver's 2xx, and the backlog of the outbox and of pending deliveries (read from the
 * database when scraped, so every node reports the shared queue).
 */
public class DeliveryMetrics {

	private final Counter delivered;
	private final Counter retried;
	private final Counter routingFailed;
	private final Map<ParkReason, Counter> parked = new EnumMap<>(ParkReason.class);
	private final Timer latency;
	private final Timer acknowledgedLatency;
	private final Counter resent;
	private final Map<Acknowledgement.Code, Counter> acknowledgements = new EnumMap<>(Acknowledgement.Code.class);

	public DeliveryMetrics(MeterRegistry registry, OutboxRepository outbox, DeliveryRepository deliveries) {
		delivered = Counter.builder("godstart.delivery.delivered").description("Messages a receiver accepted").register(registry);
		retried = Counter.builder("godstart.delivery.retried").description("Failed tries that will be retried").register(registry);
		routingFailed = Counter.builder("godstart.routing.failed")
				.description("Events whose routing failed after all attempts").register(registry);
		for (ParkReason reason : ParkReason.values()) {
			parked.put(reason, Counter.builder("godstart.delivery.parked").tag("reason", reason.code())
					.description("Notifications parked for a person").register(registry));
		}
		latency = Timer.builder("godstart.delivery.latency")
				.description("From the write that caused a notification to the receiver's acceptance")
				.publishPercentiles(0.5, 0.95, 0.99)
				.register(registry);
		acknowledgedLatency = Timer.builder("godstart.delivery.acknowledged.latency")
				.description("From the write that caused a notification to the receiver's ok acknowledgement")
				.publishPercentiles(0.5, 0.95, 0.99)
				.register(registry);
		resent = Counter.builder("godstart.delivery.resent")
				.description("Messages sent again because no acknowledgement came within the window").register(registry);
		for (Acknowledgement.Code code : Acknowledgement.Code.values()) {
			acknowledgements.put(code, Counter.builder("godstart.delivery.acknowledgements").tag("code", code.code())
					.description("Acknowledgement messages received from receivers, by response code").register(registry));
		}
		Gauge.builder("godstart.delivery.unacknowledged", deliveries, DeliveryRepository::awaitingAcknowledgement)
				.description("Messages sent whose receiver's acknowledgement has not come yet").register(registry);
		Gauge.builder("godstart.outbox.backlog", outbox, OutboxRepository::backlog)
				.description("Events announced and not yet routed").register(registry);
		Gauge.builder("godstart.outbox.failed", outbox, OutboxRepository::failed)
				.description("Events whose routing gave up").register(registry);
		Gauge.builder("godstart.delivery.overdue", deliveries, DeliveryRepository::overdue)
				.description("Notifications not delivered by the deadline their agreement sets (alert on > 0)").register(registry);
		Gauge.builder("godstart.delivery.pending", deliveries, repository -> repository.counts().getOrDefault("pending", 0L))
				.description("Deliveries queued or being retried").register(registry);
	}

	public void delivered(Duration sinceAnnounced) {
		delivered.increment();
		latency.record(sinceAnnounced);
	}

	public void acknowledged(Duration sinceAnnounced) {
		acknowledgedLatency.record(sinceAnnounced);
	}

	public void acknowledgement(Acknowledgement.Code code) {
		acknowledgements.get(code).increment();
	}

	public void resent() {
		resent.increment();
	}

	public void retried() {
		retried.increment();
	}

	public void parked(ParkReason reason) {
		parked.get(reason).increment();
	}

	public void routingFailed() {
		routingFailed.increment();
	}
}
