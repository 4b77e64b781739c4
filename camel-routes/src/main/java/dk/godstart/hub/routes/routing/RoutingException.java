package dk.godstart.hub.routes.routing;

/** An event that cannot be routed as stored (e.g. the referrer's organisation is unknown): a person must look. */
public class RoutingException extends RuntimeException {

	public RoutingException(String message) {
		super(message);
	}
}
