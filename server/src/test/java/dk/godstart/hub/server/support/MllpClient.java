package dk.godstart.hub.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A hospital's HL7 v2 sender: a real TCP socket speaking MLLP (0x0B message 0x1C 0x0D) to the hub, plain or over TLS
 * with a client certificate, one connection for many messages, and able to write a frame in pieces as a slow
 * network would.
 */
public final class MllpClient implements AutoCloseable {

	public static final byte START = 0x0B;
	public static final byte END = 0x1C;
	public static final byte CR = 0x0D;

	private final Socket socket;
	private final InputStream in;
	private final OutputStream out;

	public MllpClient(int port) {
		this(connect(port));
	}

	/** A sender on the hub's TLS listener, with the key and trust material of {@code tls}; the handshake is done here. */
	public MllpClient(int port, SSLContext tls) {
		this(handshake(tls, port));
	}

	private static Socket connect(int port) {
		try {
			return new Socket("127.0.0.1", port);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Socket handshake(SSLContext tls, int port) {
		try {
			SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
			socket.setSoTimeout(30_000);
			socket.startHandshake();
			// TLS 1.3: the server's verdict on the client's certificate comes after the client's handshake is done
			socket.getSession();
			return socket;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * The TLS material of a sender: its certificate and key (PEM, classpath locations; null: none) and the CA it
	 * trusts for the hub.
	 */
	public static SSLContext tls(String certificate, String privateKey, String trustedCa) {
		PemSslStoreDetails key = certificate == null ? null
				: PemSslStoreDetails.forCertificate(certificate).withPrivateKey(privateKey);
		return SslBundle.of(new PemSslStoreBundle(key, PemSslStoreDetails.forCertificate(trustedCa))).createSslContext();
	}

	private MllpClient(Socket socket) {
		try {
			this.socket = socket;
			socket.setSoTimeout(30_000);
			in = socket.getInputStream();
			out = socket.getOutputStream();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Sends one message (segments joined by CR) and returns the hub's acknowledgement. */
	public String send(String message) {
		write(frame(message));
		return readAcknowledgement();
	}

	public static byte[] frame(String message) {
		byte[] body = message.getBytes(StandardCharsets.ISO_8859_1);
		byte[] framed = new byte[body.length + 3];
		framed[0] = START;
		System.arraycopy(body, 0, framed, 1, body.length);
		framed[body.length + 1] = END;
		framed[body.length + 2] = CR;
		return framed;
	}

	public void write(byte[] bytes) {
		try {
			out.write(bytes);
			out.flush();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Reads one framed acknowledgement; its segments are separated by CR. */
	public String readAcknowledgement() {
		try {
			int b;
			while ((b = in.read()) != START) {
				if (b < 0) {
					throw new IOException("The hub closed the connection without an acknowledgement");
				}
			}
			ByteArrayOutputStream ack = new ByteArrayOutputStream();
			while ((b = in.read()) != END) {
				if (b < 0) {
					throw new IOException("The connection ended inside an acknowledgement");
				}
				ack.write(b);
			}
			in.read(); // the CR after the end byte
			return ack.toString(StandardCharsets.ISO_8859_1);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A field of an acknowledgement, e.g. {@code field(ack, "MSA", 1)}; components stay joined by '^'. */
	public static String field(String message, String segment, int field) {
		for (String line : message.split("\r")) {
			if (line.startsWith(segment + "|")) {
				String[] fields = line.split("\\|", -1);
				int index = "MSH".equals(segment) ? field - 1 : field;
				return index < fields.length ? fields[index] : "";
			}
		}
		return null;
	}

	/** Whether the hub has closed this connection: a read within {@code patience} ends the stream or fails. */
	public boolean closedByHub(java.time.Duration patience) {
		try {
			socket.setSoTimeout((int) patience.toMillis());
			while (true) {
				if (in.read() < 0) {
					return true;
				}
			}
		} catch (java.net.SocketTimeoutException stillOpen) {
			return false;
		} catch (IOException reset) {
			return true;
		}
	}

	@Override
	public void close() {
		try {
			socket.close();
		} catch (IOException ignored) {
			// closing
		}
	}
}
