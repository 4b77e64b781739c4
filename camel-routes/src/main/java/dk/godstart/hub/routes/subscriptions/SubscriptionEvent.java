package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.queue.QueuedWork;
import java.time.Instant;

/** One write that matched one subscription, as the subscription delivery route claims it. */
public record SubscriptionEvent(
		long id, String subscriptionId, long eventNumber, String channelType, String focusType, String focusId,
		Long focusVersion, String interaction, int attempts, Instant createdAt, Instant giveUpAt) implements QueuedWork {

	public static final String REST_HOOK = "rest-hook";
	public static final String WEBSOCKET = "websocket";

	public String focus() {
		return focusType + "/" + focusId;
	}
}
