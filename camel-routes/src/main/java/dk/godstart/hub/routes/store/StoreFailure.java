package dk.godstart.hub.routes.store;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;
import org.springframework.transaction.TransactionSystemException;

/**
 * Why a write or read could not reach the hub's store, when the reason is the store itself and not the request: it is
 * {@link #UNAVAILABLE} (PostgreSQL stopped, unreachable, restarting, or no connection free within the pool's timeout)
 * or {@link #FULL} (its disk has no room left). Both are temporary and say nothing about the request, so every entry
 * point answers them alike: FHIR with 503/507 and {@code Retry-After}, MLLP with {@code AE} so the sender repeats the
 * message. Read from the SQLSTATE of the first {@link SQLException} in the cause chain, as PostgreSQL reports it, or
 * from a {@link StoreSpace} that refused the write before PostgreSQL would have. Where a rollback failed after the
 * store broke the connection, the rollback's failure hides the first one: a connection the pool closed counts as the
 * store away, and the first failure is looked for where Spring keeps it (suppressed, or the application exception).
 */
public enum StoreFailure {
	UNAVAILABLE("The hub's store is unavailable"),
	FULL("The hub's store has no space left");

	/** SQLSTATE class 08 (connection exception) and the server-side codes of a store that is going or not yet there. */
	private static final Set<String> UNAVAILABLE_STATES = Set.of(
			"57P01", // admin_shutdown
			"57P02", // crash_shutdown
			"57P03", // cannot_connect_now (starting up, recovering)
			"53300", // too_many_connections
			"53200", // out_of_memory
			"53000"); // insufficient_resources

	private static final String DISK_FULL = "53100";

	private static final String CLOSED_BY_THE_POOL = "Connection is closed";

	private final String description;

	StoreFailure(String description) {
		this.description = description;
	}

	/** One sentence for an OperationOutcome or an ERR segment. */
	public String description() {
		return description;
	}

	/** The store failure behind {@code failure}, if that is what it is. */
	public static Optional<StoreFailure> of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof StoreSpace.Refused refused) {
				return Optional.of(refused.failure());
			}
			if (cause instanceof SQLException sql) {
				Optional<StoreFailure> known = ofSqlException(sql);
				if (known.isPresent()) {
					return known;
				}
			}
			for (Throwable suppressed : cause.getSuppressed()) {
				Optional<StoreFailure> known = of(suppressed);
				if (known.isPresent()) {
					return known;
				}
			}
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
				Optional<StoreFailure> known = of(rollback.getApplicationException());
				if (known.isPresent()) {
					return known;
				}
			}
			if (cause instanceof IOException io && String.valueOf(io.getMessage()).contains("No space left on device")) {
				return Optional.of(FULL);
			}
		}
		return Optional.empty();
	}

	private static Optional<StoreFailure> ofSqlException(SQLException sql) {
		for (SQLException next = sql; next != null; next = next.getNextException()) {
			String state = next.getSQLState();
			if (DISK_FULL.equals(state)) {
				return Optional.of(FULL);
			}
			if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
				return Optional.of(UNAVAILABLE);
			}
			if (state == null && CLOSED_BY_THE_POOL.equals(next.getMessage())) {
				// HikariCP's answer on a connection it closed because the store broke it (a fatal SQLSTATE on it): a
				// rollback on it in the store's outage hides the failure that broke it
				return Optional.of(UNAVAILABLE);
			}
			if (next instanceof SQLTransientConnectionException) {
				// HikariCP's "connection is not available, request timed out": the store is away or every connection busy
				return Optional.of(UNAVAILABLE);
			}
			if (next.getNextException() == next) {
				break;
			}
		}
		return Optional.empty();
	}
}
