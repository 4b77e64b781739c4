package dk.godstart.hub.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.events.WakeUps;
import dk.godstart.hub.routes.subscriptions.RestHookSender;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifications;
import dk.godstart.hub.routes.subscriptions.SubscriptionQueue;
import dk.godstart.hub.routes.subscriptions.SubscriptionStore;
import dk.godstart.hub.server.audit.AuditTrail;
import dk.godstart.hub.server.security.AccessPolicy;
import dk.godstart.hub.server.security.CallerInterceptor;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Subscriptions, served by the hub's own durable machinery rather than HAPI's in-memory channels: the rules a new
 * Subscription must meet and its endpoint check, the matcher that queues events inside each write, the route that
 * delivers them (rest-hook, websocket) with the delivery retry policy, the websocket endpoint and {@code $status}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(SubscriptionProperties.class)
public class SubscriptionConfig implements WebSocketConfigurer {

	private final SubscriptionProperties properties;
	private final SubscriptionWebsocketHandler websocketHandler;

	SubscriptionConfig(SubscriptionProperties properties, SubscriptionWebsocketHandler websocketHandler) {
		this.properties = properties;
		this.websocketHandler = websocketHandler;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(websocketHandler, properties.websocketPath());
	}

	@Bean
	static SubscriptionStore subscriptionStore(DaoRegistry daos, AuditTrail auditTrail) {
		return new JpaSubscriptionStore(daos, auditTrail);
	}

	@Bean
	static SubscriptionWebsocketHandler subscriptionWebsocketHandler(CallerInterceptor callers, AccessPolicy access,
			SubscriptionStore store, SubscriptionQueue queue, DeliveryProperties delivery, Clock hubClock) {
		return new SubscriptionWebsocketHandler(callers, access, store, queue, delivery, hubClock);
	}

	@Bean
	static SubscriptionRules subscriptionRules(FhirContext fhirContext, InMemoryResourceMatcher inMemoryResourceMatcher,
			SubscriptionNotifications notifications, SubscriptionProperties properties, IInterceptorService interceptors) {
		SubscriptionRules rules = new SubscriptionRules(fhirContext, inMemoryResourceMatcher, notifications,
				new RestHookSender(properties.checkConnectTimeout(), properties.checkRequestTimeout()),
				properties.allowLoopbackHttp());
		interceptors.registerInterceptor(rules);
		return rules;
	}

	@Bean
	static SubscriptionMatcher subscriptionMatcher(SubscriptionQueue queue, SearchParamMatcher searchParamMatcher,
			AccessPolicy access, DeliveryProperties delivery, Clock hubClock, WakeUps wakeUps,
			IInterceptorService interceptors) {
		SubscriptionMatcher matcher = new SubscriptionMatcher(queue, searchParamMatcher, access, delivery, hubClock, wakeUps);
		interceptors.registerInterceptor(matcher);
		return matcher;
	}

	@Bean
	static SubscriptionStatusProvider subscriptionStatusProvider(SubscriptionStore store, SubscriptionQueue queue,
			SubscriptionNotifications notifications, AccessPolicy access) {
		return new SubscriptionStatusProvider(store, queue, notifications, access);
	}

	@Bean
	static SubscriptionMirrorCheck subscriptionMirrorCheck(DaoRegistry daos, SubscriptionQueue queue,
			JdbcTemplate hubJdbcTemplate) {
		return new SubscriptionMirrorCheck(daos.getResourceDao(org.hl7.fhir.r4.model.Subscription.class), queue,
				hubJdbcTemplate);
	}

	@Bean
	static SubscriptionCapabilities subscriptionCapabilities(SubscriptionProperties properties) {
		return new SubscriptionCapabilities(properties.websocketPath());
	}
}
