package dk.godstart.hub.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A hospital's HL7 v2 sender: a real TCP socket speaking MLLP (0x0B message 0x1C 0x0D) to the hub, one connection
 * for many messages, and able to write a frame in pieces as a slow network would.
 */
public final class MllpClient implements AutoCloseable {

	public static final byte START = 0x0B;
	public static final byte END = 0x1C;
	public static final byte CR = 0x0D;

	private final Socket socket;
	private final InputStream in;
	private final OutputStream out;

	public MllpClient(int port) {
		try {
			socket = new Socket("127.0.0.1", port);
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

	@Override
	public void close() {
		try {
			socket.close();
		} catch (IOException ignored) {
			// closing
		}
	}
}
