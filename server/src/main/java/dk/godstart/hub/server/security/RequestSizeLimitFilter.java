package dk.godstart.hub.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code godstart.security.max-request-size} with 413: at once when the declared
 * Content-Length is too large, and while reading when a chunked body grows past the limit (the parser then fails
 * and the request is answered 413, with nothing stored).
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

	/** Request attribute set when a body was cut off at the limit (a reader may wrap the failure in its own words). */
	public static final String CUT_OFF = RequestSizeLimitFilter.class.getName() + ".cutOff";

	private final long maxBytes;
	private final ProblemResponses problems;

	public RequestSizeLimitFilter(long maxBytes, ProblemResponses problems) {
		this.maxBytes = maxBytes;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > maxBytes) {
			problems.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too-costly",
					"The request body is larger than this server accepts (" + maxBytes + " bytes).");
			return;
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {
			private ServletInputStream limited;

			@Override
			public ServletInputStream getInputStream() throws IOException {
				if (limited == null) {
					limited = new LimitedInputStream(super.getInputStream(), maxBytes,
							() -> request.setAttribute(CUT_OFF, Boolean.TRUE));
				}
				return limited;
			}
		}, response);
	}

	/** Thrown when a body without (or with a false) Content-Length grows past the limit. */
	public static class RequestTooLargeException extends IOException {
		public RequestTooLargeException(long maxBytes) {
			super("The request body is larger than this server accepts (" + maxBytes + " bytes).");
		}
	}

	private static final class LimitedInputStream extends ServletInputStream {
		private final ServletInputStream in;
		private final long maxBytes;
		private final Runnable onCutOff;
		private long read;

		LimitedInputStream(ServletInputStream in, long maxBytes, Runnable onCutOff) {
			this.in = in;
			this.maxBytes = maxBytes;
			this.onCutOff = onCutOff;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			read += n;
			if (read > maxBytes) {
				onCutOff.run();
				throw new RequestTooLargeException(maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}
	}
}
