package dk.godstart.hub.server.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * A real HTTP peer of the hub on a loopback port (the JDK's server). {@link #down()} closes the socket so the hub gets
 * "connection refused"; {@link #up()} listens on the same port again.
 */
abstract class LoopbackHttpPeer implements AutoCloseable {

	private HttpServer server;
	private int port;

	LoopbackHttpPeer() {
		listen(0);
	}

	protected int port() {
		return port;
	}

	protected abstract void handle(HttpExchange exchange) throws IOException;

	public synchronized void down() {
		if (server != null) {
			server.stop(0);
			server = null;
		}
	}

	public synchronized void up() {
		if (server == null) {
			listen(port);
		}
	}

	private synchronized void listen(int wantedPort) {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", wantedPort), 50);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		server.createContext("/", this::handle);
		server.start();
		port = server.getAddress().getPort();
	}

	@Override
	public void close() {
		down();
	}
}
