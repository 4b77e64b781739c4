package dk.godstart.hub.server.subscription;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.subscriptions.*}: where websocket clients connect, how long the check of a new rest-hook
 * subscription may take, whether plain-http loopback endpoints are allowed (development and tests only), and how
 * often subscriptions whose {@code end} has come are turned off and due heartbeats looked for. Delivery itself (polling, retry schedule, retry
 * window) follows {@code godstart.delivery.*}.
 * Documented in application.yaml.
 */
@ConfigurationProperties("godstart.subscriptions")
public record SubscriptionProperties(
		@DefaultValue("/websocket") String websocketPath,
		@DefaultValue("2s") Duration checkConnectTimeout,
		@DefaultValue("5s") Duration checkRequestTimeout,
		@DefaultValue("false") boolean allowLoopbackHttp,
		@DefaultValue("5s") Duration endCheckInterval,
		@DefaultValue("1s") Duration heartbeatCheckInterval) {}
