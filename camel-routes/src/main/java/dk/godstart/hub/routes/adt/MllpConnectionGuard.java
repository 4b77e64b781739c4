package dk.godstart.hub.routes.adt;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.TcpSocketConsumerRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the listeners' connections for senders: a connection that has not delivered a complete message within
 * {@code first-message-within} of connecting (receive-timeout) is closed. The MLLP component itself holds a silent
 * connection, one that never finishes its TLS handshake, and one that trickles a first frame, for the whole
 * idle-timeout (minutes), so {@code max-connections} such sockets would keep every hospital out; with the guard they
 * are gone after seconds. A connection that has delivered a message stays while its sender is idle
 * (idle-timeout, the component's).
 *
 * <p>The component gives no hook per connection; the guard reads its consumer's table of open connections (public,
 * by connection, with the time each connected or last delivered) and closes a socket by closing it, which ends the
 * component's blocked read on it.
 */
public class MllpConnectionGuard {

	private static final Logger log = LoggerFactory.getLogger(MllpConnectionGuard.class);

	private final CamelContext camel;
	private final List<String> routeIds;
	private final Duration firstMessageWithin;
	private final Clock clock;
	/** The connections seen, with the time each connected. */
	private final Map<TcpSocketConsumerRunnable, Long> connected = new ConcurrentHashMap<>();
	/** The connections (remote → local address) a complete message has arrived on. */
	private final Set<String> delivered = ConcurrentHashMap.newKeySet();

	public MllpConnectionGuard(CamelContext camel, List<String> routeIds, Duration firstMessageWithin, Clock clock) {
		this.camel = camel;
		this.routeIds = List.copyOf(routeIds);
		this.firstMessageWithin = firstMessageWithin;
		this.clock = clock;
	}

	/** A complete message arrived on the connection from {@code remote} to {@code local}. */
	public void messageArrived(String remote, String local) {
		delivered.add(remote + ">" + local);
	}

	/** Closes the connections that are past their time for a first message. */
	public void sweep() {
		long now = clock.millis();
		Set<TcpSocketConsumerRunnable> open = ConcurrentHashMap.newKeySet();
		for (String routeId : routeIds) {
			Route route = camel.getRoute(routeId);
			if (route != null && route.getConsumer() instanceof MllpTcpServerConsumer consumer) {
				for (Map.Entry<TcpSocketConsumerRunnable, Long> entry : consumer.getConsumerRunnables().entrySet()) {
					TcpSocketConsumerRunnable connection = entry.getKey();
					open.add(connection);
					long since = connected.computeIfAbsent(connection, c -> entry.getValue());
					if (!delivered.contains(key(connection)) && now - since > firstMessageWithin.toMillis()
							&& !connection.getSocket().isClosed()) {
						log.warn("MLLP connection {} closed: no complete message within {} of connecting",
								connection.getCombinedAddress(), firstMessageWithin);
						connection.closeSocket();
					}
				}
			}
		}
		connected.keySet().removeIf(connection -> {
			boolean gone = !open.contains(connection);
			if (gone) {
				delivered.remove(key(connection));
			}
			return gone;
		});
	}

	private static String key(TcpSocketConsumerRunnable connection) {
		return connection.getRemoteAddress() + ">" + connection.getLocalAddress();
	}
}
