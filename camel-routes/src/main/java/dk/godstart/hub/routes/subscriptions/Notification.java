package dk.godstart.hub.routes.subscriptions;

import java.util.List;

/**
 * One rest-hook request: method, address, the subscriber's own headers ({@code Name: value}, from
 * {@code Subscription.channel.header}) and the body, or null for none.
 */
public record Notification(String method, String url, List<String> headers, String contentType, String body) {}
