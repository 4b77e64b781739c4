package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.routes.queue.WorkState;
import java.time.Duration;
import java.time.Instant;

/**
 * What a receiver's acknowledgement does to the delivery of the message it answers, and what the absence of one does
 * (MedCom reliable messaging), decided once for the acknowledgement in the HTTP answer and for one that comes later:
 * <ul>
 * <li>{@code ok} → acknowledged: also when it comes late, after a resend or after the delivery was parked
 * {@code no-acknowledgement} (the receiver had it after all);</li>
 * <li>{@code transient-error} → tried again with the delivery's backoff; past its retry window, parked
 * {@code undeliverable};</li>
 * <li>{@code fatal-error} → parked {@code rejected-by-receiver}, with the receiver's words;</li>
 * <li>anything for a delivery already acknowledged, or settled otherwise (parked for another reason), changes nothing:
 * a positive acknowledgement is never followed by a negative one, a duplicate is only logged;</li>
 * <li>no acknowledgement within the window → resent (same MessageHeader id, a new envelope), at most
 * {@code resends} times; then parked {@code no-acknowledgement} for a person.</li>
 * </ul>
 */
public final class AcknowledgementRule {

	/** The states of a delivery's acknowledgement, as {@code hub_delivery.ack_state} holds them. */
	public static final String AWAITING = "awaiting";
	public static final String NOT_EXPECTED = "not-expected";

	/** A delivery as far as an acknowledgement concerns it. */
	public record Standing(WorkState state, String ackState, String parkReason, int attempts, int resends,
			Instant giveUpAt) {}

	public sealed interface Outcome permits Acknowledged, RetryAt, Park, Resend, Unchanged {}

	public record Acknowledged() implements Outcome {}

	public record RetryAt(Instant when, String problem) implements Outcome {}

	public record Park(ParkReason reason, String explanation) implements Outcome {}

	public record Resend(int resend) implements Outcome {}

	public record Unchanged(String why) implements Outcome {}

	private final DeliveryProperties.Retry retry;
	private final Duration window;
	private final int resends;

	public AcknowledgementRule(DeliveryProperties.Retry retry, DeliveryProperties.Acknowledgements acknowledgements) {
		this.retry = retry;
		this.window = acknowledgements.window();
		this.resends = acknowledgements.resends();
	}

	/** When a message sent now must have been acknowledged. */
	public Instant dueAt(Instant sent) {
		return sent.plus(window);
	}

	/** What {@code acknowledgement} does to a delivery standing so, at {@code now}. */
	public Outcome decide(Standing delivery, Acknowledgement acknowledgement, Instant now) {
		if (Acknowledgement.Code.OK.code().equals(delivery.ackState())) {
			return new Unchanged("the message was acknowledged before");
		}
		if (delivery.state() == WorkState.PARKED
				&& !ParkReason.NO_ACKNOWLEDGEMENT.code().equals(delivery.parkReason())) {
			return new Unchanged("the delivery is parked (" + delivery.parkReason() + "), settled before this came");
		}
		String says = acknowledgement.problem() == null ? "" : ": " + acknowledgement.problem();
		return switch (acknowledgement.code()) {
			case OK -> new Acknowledged();
			case FATAL_ERROR -> new Park(ParkReason.REJECTED_BY_RECEIVER, "The receiver acknowledged message "
					+ acknowledgement.acknowledgedMessageId() + " with fatal-error" + says);
			case TRANSIENT_ERROR -> {
				String problem = "The receiver acknowledged with transient-error" + says;
				yield retry.nextTry(Math.max(1, delivery.attempts()), now, delivery.giveUpAt())
						.<Outcome>map(next -> new RetryAt(next, problem))
						.orElseGet(() -> new Park(ParkReason.UNDELIVERABLE,
								"Gave up after " + delivery.attempts() + " tries: " + problem));
			}
		};
	}

	/** What a delivery whose acknowledgement did not come within the window becomes. */
	public Outcome overdue(Standing delivery) {
		if (delivery.resends() < resends) {
			return new Resend(delivery.resends() + 1);
		}
		return new Park(ParkReason.NO_ACKNOWLEDGEMENT, "No acknowledgement within " + describe(window) + " of sending, "
				+ (delivery.resends() == 0 ? "and resending is off" : "nor after " + delivery.resends() + " resend(s)")
				+ ": find out with the receiver whether the message arrived, then re-drive it or close it");
	}

	private static String describe(Duration duration) {
		return duration.toMinutes() >= 1 && duration.toSecondsPart() == 0 ? duration.toMinutes() + " min"
				: duration.toMillis() + " ms";
	}
}
