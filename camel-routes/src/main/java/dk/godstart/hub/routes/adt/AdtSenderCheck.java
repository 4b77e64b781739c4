package dk.godstart.hub.routes.adt;

/**
 * Whether the connection a message came on may send for the message's sending facility, asked by {@link AdtIntake}
 * once the message is read and before anything of it is stored.
 */
@FunctionalInterface
public interface AdtSenderCheck {

	/** Plain MLLP: the connection shows nothing about its sender, and the network is trusted to send as anyone. */
	AdtSenderCheck TRUSTED_NETWORK = message -> {};

	/** @throws AdtRejection ({@code AR}) when the connection may not send as {@link AdtMessage#sendingFacility()} */
	void check(AdtMessage message);
}
