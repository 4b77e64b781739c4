package dk.godstart.hub.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real websocket client (the JDK's) that keeps every text frame it receives. */
public final class WebsocketClient implements WebSocket.Listener, AutoCloseable {

	private final List<String> received = new CopyOnWriteArrayList<>();
	private final StringBuilder partial = new StringBuilder();
	private final WebSocket socket;

	public WebsocketClient(String url, String bearerToken) {
		this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
				.header("Authorization", "Bearer " + bearerToken)
				.connectTimeout(Duration.ofSeconds(5))
				.buildAsync(URI.create(url), this)
				.join();
	}

	public void send(String text) {
		socket.sendText(text, true).join();
	}

	public List<String> received() {
		return List.copyOf(received);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		synchronized (partial) {
			partial.append(data);
			if (last) {
				received.add(partial.toString());
				partial.setLength(0);
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public void close() {
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
	}
}
