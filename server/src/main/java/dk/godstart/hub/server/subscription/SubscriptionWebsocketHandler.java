package dk.godstart.hub.server.subscription;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.subscriptions.SubscriptionQueue;
import dk.godstart.hub.routes.subscriptions.SubscriptionSockets;
import dk.godstart.hub.routes.subscriptions.SubscriptionStore;
import dk.godstart.hub.server.security.AccessPolicy;
import dk.godstart.hub.server.security.CallerInterceptor;
import dk.godstart.hub.server.security.HubCaller;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The R4 websocket channel. A client connects to {@code godstart.subscriptions.websocket-path} with its bearer token,
 * sends {@code bind <subscription id>} for a websocket subscription it may read, and gets {@code bound <id>}; then
 * every event of that subscription arrives as {@code ping <id>} (a topic-based subscription gets the notification
 * bundle). Events queued while no client was bound are kept and sent, in order, when one binds.
 */
public class SubscriptionWebsocketHandler extends TextWebSocketHandler implements SubscriptionSockets {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionWebsocketHandler.class);
	private static final int SEND_TIME_LIMIT_MS = 10_000;
	private static final int BUFFER_LIMIT = 1 << 20;

	private final Map<String, Set<WebSocketSession>> bySubscription = new ConcurrentHashMap<>();
	private final CallerInterceptor callers;
	private final AccessPolicy access;
	private final SubscriptionStore store;
	private final SubscriptionQueue queue;
	private final DeliveryProperties delivery;
	private final Clock clock;

	public SubscriptionWebsocketHandler(CallerInterceptor callers, AccessPolicy access, SubscriptionStore store,
			SubscriptionQueue queue, DeliveryProperties delivery, Clock clock) {
		this.callers = callers;
		this.access = access;
		this.store = store;
		this.queue = queue;
		this.delivery = delivery;
		this.clock = clock;
	}

	@Override
	public Set<String> bound() {
		return Set.copyOf(bySubscription.keySet());
	}

	@Override
	public boolean send(String subscriptionId, String text) {
		boolean sent = false;
		for (WebSocketSession session : bySubscription.getOrDefault(subscriptionId, Set.of())) {
			try {
				if (session.isOpen()) {
					session.sendMessage(new TextMessage(text));
					sent = true;
				}
			} catch (IOException | IllegalStateException e) {
				log.info("Websocket {} bound to subscription {} could not be sent to: {}", session.getId(), subscriptionId,
						e.getMessage());
			}
		}
		return sent;
	}

	@Override
	protected void handleTextMessage(WebSocketSession raw, TextMessage message) throws IOException {
		WebSocketSession session = (WebSocketSession) raw.getAttributes().computeIfAbsent("decorated",
				key -> new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, BUFFER_LIMIT));
		String text = message.getPayload().trim();
		if (!text.startsWith("bind ")) {
			session.sendMessage(new TextMessage("error Unknown command; send: bind <subscription id>"));
			return;
		}
		String id = text.substring("bind ".length()).trim();
		Optional<String> refusal = refusal(raw, id);
		if (refusal.isPresent()) {
			session.sendMessage(new TextMessage("error " + refusal.get()));
			return;
		}
		bySubscription.compute(id, (key, sessions) -> {
			Set<WebSocketSession> bound = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
			bound.add(session);
			return bound;
		});
		session.sendMessage(new TextMessage("bound " + id));
		// what was queued while nobody listened is due now
		queue.resume(id, clock.instant().plus(delivery.retry().giveUpAfter()));
		log.info("Websocket {} bound to subscription {}", raw.getId(), id);
	}

	private Optional<String> refusal(WebSocketSession session, String id) {
		if (!(session.getPrincipal() instanceof JwtAuthenticationToken token)) {
			return Optional.of("Not authenticated");
		}
		HubCaller caller = callers.callerOf(token.getToken());
		Optional<Subscription> subscription = id.matches("[A-Za-z0-9\\-.]{1,64}") ? store.read(id) : Optional.empty();
		SystemRequestDetails request = new SystemRequestDetails();
		if (subscription.isEmpty() || !access.canSee(caller, request, subscription.get())) {
			return Optional.of("Unknown subscription " + id);
		}
		if (subscription.get().getChannel().getType() != Subscription.SubscriptionChannelType.WEBSOCKET) {
			return Optional.of("Subscription " + id + " is not a websocket subscription");
		}
		if (subscription.get().getStatus() != Subscription.SubscriptionStatus.ACTIVE) {
			return Optional.of("Subscription " + id + " is " + subscription.get().getStatus().toCode() + ", not active");
		}
		return Optional.empty();
	}

	@Override
	public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) {
		Object decorated = raw.getAttributes().get("decorated");
		for (String id : bySubscription.keySet()) {
			bySubscription.computeIfPresent(id, (key, sessions) -> {
				sessions.remove(raw);
				if (decorated != null) {
					sessions.remove(decorated);
				}
				return sessions.isEmpty() ? null : sessions;
			});
		}
	}
}
