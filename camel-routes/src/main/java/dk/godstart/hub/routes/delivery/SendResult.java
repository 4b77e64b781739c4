package dk.godstart.hub.routes.delivery;

/**
 * What one try to hand something to a receiver came to: taken, refused for good, or worth trying again later.
 * {@code status} and {@code body} are the receiver's when it answered; {@code problem} says why it was not taken.
 */
public record SendResult(Kind kind, Integer status, String body, String problem) {

	public enum Kind { DELIVERED, REJECTED, RETRY }

	public static SendResult delivered(Integer status, String body) {
		return new SendResult(Kind.DELIVERED, status, body, null);
	}

	public static SendResult retry(String problem) {
		return new SendResult(Kind.RETRY, null, null, problem);
	}

	public static SendResult rejected(String problem) {
		return new SendResult(Kind.REJECTED, null, null, problem);
	}
}
