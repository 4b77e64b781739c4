package dk.godstart.hub.routes.queue;

import java.util.Arrays;

/**
 * Where a row of a leased queue stands, as its {@code state} column says. Every queue starts its rows
 * {@link #PENDING}; each ends them in its own way ({@link LeasedQueue.Table#done()}, {@link LeasedQueue.Table#parked()}).
 */
public enum WorkState {
	/** Waiting for its turn or its next try; the only state a row can be claimed in. */
	PENDING("pending"),
	/** An outbox event turned into notifications. */
	ROUTED("routed"),
	/** A notification or subscription event the receiver took. */
	DELIVERED("delivered"),
	/** Set aside with its reason, for a person to act on; never dropped, re-driven from here. */
	PARKED("parked"),
	/** An outbox event routing gave up on (the outbox's word for parked). */
	FAILED("failed");

	private final String code;

	WorkState(String code) {
		this.code = code;
	}

	/** The value stored in the {@code state} column. */
	public String code() {
		return code;
	}

	public static WorkState fromCode(String code) {
		return Arrays.stream(values()).filter(state -> state.code.equals(code)).findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Unknown work state " + code));
	}
}
