package dk.godstart.hub.server.support;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A municipal case system's rest-hook endpoint on a loopback port: records every request (method, path, headers,
 * body) and answers 200, or what it is told to. {@link #down()} closes the socket so the hub gets "connection
 * refused"; {@link #up()} listens on the same port again.
 */
public final class RestHookSubscriber extends LoopbackHttpPeer {

	public record Request(String method, String path, Map<String, String> headers, String body) {
		public String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}
	}

	private final List<Request> received = new CopyOnWriteArrayList<>();
	private volatile int status = 200;

	public RestHookSubscriber() {
	}

	/** The endpoint a subscription names: a FHIR base for payload subscriptions, a hook URL for the others. */
	public String address() {
		return "http://127.0.0.1:" + port() + "/case-system/fhir";
	}

	public void answer(int status) {
		this.status = status;
	}

	/** What it got, the hub's endpoint checks ({@code GET .../metadata}) left out. */
	public List<Request> notifications() {
		return received.stream().filter(r -> !r.path().endsWith("/metadata")).toList();
	}

	public List<Request> received() {
		return new ArrayList<>(received);
	}

	@Override
	protected void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Map<String, String> headers = new TreeMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
			int answer = status;
			if (answer >= 200 && answer < 300) {
				received.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
						body.isEmpty() ? null : body));
			}
			exchange.sendResponseHeaders(answer, -1);
		}
	}
}
