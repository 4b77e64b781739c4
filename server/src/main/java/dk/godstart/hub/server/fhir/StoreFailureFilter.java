package dk.godstart.hub.server.fhir;

import dk.godstart.hub.routes.store.StoreFailure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The same answer as inside the FHIR API for a store that fails before HAPI is reached (a token's organisations looked
 * up, a refusal audited, the token endpoint, the health or SMART pages): 503/507 with {@code Retry-After} and an
 * OperationOutcome, instead of Spring's generic error page. Runs outermost, around security.
 */
public class StoreFailureFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(StoreFailureFilter.class);

	private final StoreFailureAnswers answers;

	public StoreFailureFilter(StoreFailureAnswers answers) {
		this.answers = answers;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		} catch (ServletException | IOException | RuntimeException e) {
			Optional<StoreFailure> failure = StoreFailure.of(e);
			if (failure.isEmpty() || !answers.write(response, failure.get())) {
				throw e;
			}
			log.warn("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(),
					StoreFailureAnswers.status(failure.get()), failure.get().description());
		}
	}
}
