package dk.godstart.hub.routes.subscriptions;

/**
 * A subscription as matching needs it: its criteria (a search on {@code resourceType}) and, for a topic-based
 * subscription, the topic whose trigger must fire too.
 */
public record ActiveSubscription(String id, String resourceType, String criteria, String topic, String channelType) {}
