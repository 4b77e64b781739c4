package dk.godstart.hub.routes.subscriptions;

import java.util.Set;

/** The websocket clients bound to subscriptions on this node. */
public interface SubscriptionSockets {

	/** The subscriptions with at least one socket bound on this node. */
	Set<String> bound();

	/** Sends {@code text} to every socket bound to the subscription; true when at least one took it. */
	boolean send(String subscriptionId, String text);
}
