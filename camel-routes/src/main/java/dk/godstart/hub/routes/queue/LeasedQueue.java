package dk.godstart.hub.routes.queue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * One durable work queue on a PostgreSQL table, the one mechanism behind the outbox, the deliveries and the
 * subscription events. Its guarantees, each made here once:
 * <ul>
 * <li><b>Lease</b>: a claim sets {@code lease_owner}/{@code lease_until} and counts the attempt; a node that dies
 * holding rows only delays them until the lease runs out, then any node takes them over. Every outcome is written
 * only by the lease's owner.</li>
 * <li><b>Order per key</b>: only the oldest pending row of each ordering key (a woman, a receiver's endpoint, a
 * subscription) can be claimed, so rows of one key are worked one at a time in the order they were queued, by
 * whichever node; rows of different keys go side by side. A row without a key (null) waits for no one.</li>
 * <li><b>Shared without a leader</b>: {@link #claim} skips rows another node is locking ({@code SKIP LOCKED});
 * {@link #next} does not, since skipping a row being taken would let the one behind it go first.</li>
 * <li><b>Parked, never dropped</b>: a row ends {@link Table#done() done} or {@link Table#parked() parked} with its
 * reason; parked rows stay until a person re-drives them.</li>
 * </ul>
 * Tables need {@code id, state, attempts, next_attempt_at, lease_owner, lease_until, last_error} and their ordering
 * key column. What else a row holds, and what an outcome records beside the state, is the adapter's ({@link Changes}).
 */
public final class LeasedQueue<T extends QueuedWork> {

	private static final Pattern NAME = Pattern.compile("[a-z_]+");

	/**
	 * A queue's table: its name, the column that orders it, the columns a claim returns and how a row becomes a
	 * {@code T}, how to read the key back from one, the states it ends in, and a condition every claimable row must
	 * meet besides being due (SQL on the row alias {@code e}, or empty).
	 */
	public record Table<T>(String name, String orderingKey, String columns, RowMapper<T> rows,
			Function<T, Object> keyOf, WorkState done, WorkState parked, String claimableWhen) {

		public Table {
			if (!NAME.matcher(name).matches() || !NAME.matcher(orderingKey).matches()) {
				throw new IllegalArgumentException("Not a table/column name: " + name + "." + orderingKey);
			}
			Objects.requireNonNull(rows);
			Objects.requireNonNull(keyOf);
		}
	}

	private final JdbcTemplate jdbc;
	private final Table<T> table;
	private final String claimSql;
	private final String claimNextSql;

	public LeasedQueue(JdbcTemplate jdbc, Table<T> table) {
		this.jdbc = jdbc;
		this.table = table;
		String claimable = table.claimableWhen().isBlank() ? "" : " AND " + table.claimableWhen();
		String pending = "'" + WorkState.PENDING.code() + "'";
		String take = " SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond', attempts = attempts + 1 ";
		this.claimSql = "UPDATE " + table.name() + take + "WHERE id IN (SELECT e.id FROM " + table.name() + " e"
				+ " WHERE e.state = " + pending + " AND e.next_attempt_at <= now()"
				+ " AND (e.lease_until IS NULL OR e.lease_until < now())"
				+ " AND NOT EXISTS (SELECT 1 FROM " + table.name() + " earlier WHERE earlier.state = " + pending
				+ " AND earlier." + table.orderingKey() + " = e." + table.orderingKey() + " AND earlier.id < e.id)"
				+ claimable + "%s ORDER BY e.id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + table.columns();
		this.claimNextSql = "UPDATE " + table.name() + " AS e" + take + "WHERE e.id = (SELECT q.id FROM "
				+ table.name() + " q WHERE q.state = " + pending + " AND q." + table.orderingKey() + " = ?"
				+ " ORDER BY q.id LIMIT 1)"
				+ " AND e.next_attempt_at <= now() AND (e.lease_until IS NULL OR e.lease_until < now())"
				+ claimable + " RETURNING " + table.columns();
	}

	/** Takes up to {@code limit} due rows, at most one per ordering key, each the oldest pending of its key. */
	public List<T> claim(Lease lease, int limit) {
		return claim(lease, limit, "");
	}

	/**
	 * As {@link #claim(Lease, int)}, among the rows that also meet {@code condition} (SQL on the alias {@code e},
	 * written by the adapter; {@code arguments} bind its placeholders).
	 */
	public List<T> claim(Lease lease, int limit, String condition, Object... arguments) {
		List<Object> bound = new ArrayList<>(List.of(lease.owner(), lease.duration().toMillis()));
		bound.addAll(Arrays.asList(arguments));
		bound.add(limit);
		String sql = claimSql.formatted(condition.isBlank() ? "" : " AND " + condition);
		return jdbc.query(sql, table.rows(), bound.toArray()).stream()
				.sorted(Comparator.comparingLong(QueuedWork::id)).toList();
	}

	/**
	 * The next row of {@code key} once the one before it is out of the way, if it is due and now the oldest: a worker
	 * goes on with one key's rows in order without waiting for the next poll.
	 */
	public Optional<T> next(Lease lease, Object key) {
		return jdbc.query(claimNextSql, table.rows(), lease.owner(), lease.duration().toMillis(), key).stream().findFirst();
	}

	/**
	 * After {@code item} was worked: when it succeeded, has a key and {@code workedSoFar} is below {@code max}, the
	 * key's next row ({@link #next}); otherwise null, and the key's rows wait for the next claim.
	 */
	public T nextAfter(T item, boolean succeeded, Lease lease, int workedSoFar, int max) {
		Object key = table.keyOf().apply(item);
		if (!succeeded || key == null || workedSoFar >= max) {
			return null;
		}
		return next(lease, key).orElse(null);
	}

	/** The row is done ({@link Table#done()}); true when this lease still held it. */
	public boolean complete(long id, Lease lease, Changes changes) {
		return outcome("state = '" + table.done().code() + "', last_error = NULL", id, lease, changes, List.of());
	}

	/** The row goes back to pending, due at {@code nextAttempt}; true when this lease still held it. */
	public boolean retryAt(long id, Lease lease, Instant nextAttempt, Changes changes) {
		return outcome("next_attempt_at = ?", id, lease, changes, List.of(Timestamp.from(nextAttempt)));
	}

	/** The row is set aside ({@link Table#parked()}), with what {@code changes} records of why. */
	public boolean park(long id, Lease lease, Changes changes) {
		return outcome("state = '" + table.parked().code() + "'", id, lease, changes, List.of());
	}

	/**
	 * Re-drive: a parked row goes back in the queue, due now, with its attempts counted afresh and what
	 * {@code changes} says (a new retry window, a new address); true when it was parked.
	 */
	public boolean redrive(long id, Changes changes) {
		List<Object> bound = new ArrayList<>(changes.values());
		bound.add(id);
		return jdbc.update("UPDATE " + table.name() + " SET state = '" + WorkState.PENDING.code() + "', attempts = 0,"
				+ " next_attempt_at = now(), lease_owner = NULL, lease_until = NULL" + changes.sql()
				+ " WHERE id = ? AND state = '" + table.parked().code() + "'", bound.toArray()) == 1;
	}

	/**
	 * Outside any lease: a row in state {@code from} that no one holds moves to {@code to}, with what {@code changes}
	 * records (for {@code to} pending: due now unless {@code changes} sets {@code next_attempt_at}). For what arrives
	 * about a row after its work was done (a receiver's late acknowledgement, an overdue one); call in the transaction
	 * that locked the row. True when the row was so.
	 */
	public boolean moveUnleased(long id, WorkState from, WorkState to, Changes changes) {
		List<Object> bound = new ArrayList<>(changes.values());
		bound.add(id);
		bound.add(from.code());
		String due = to == WorkState.PENDING && !changes.sets("next_attempt_at") ? ", next_attempt_at = now()" : "";
		return jdbc.update("UPDATE " + table.name() + " SET state = '" + to.code() + "'" + due
				+ ", lease_owner = NULL, lease_until = NULL" + changes.sql()
				+ " WHERE id = ? AND state = ? AND (lease_until IS NULL OR lease_until < now())", bound.toArray()) == 1;
	}

	/** Rows in {@code state}, over the whole queue (a gauge). */
	public long count(WorkState state) {
		Long count = jdbc.queryForObject("SELECT count(*) FROM " + table.name() + " WHERE state = ?", Long.class,
				state.code());
		return count == null ? 0 : count;
	}

	private boolean outcome(String set, long id, Lease lease, Changes changes, List<Object> setValues) {
		List<Object> bound = new ArrayList<>(setValues);
		bound.addAll(changes.values());
		bound.add(id);
		bound.add(lease.owner());
		return jdbc.update("UPDATE " + table.name() + " SET " + set + ", lease_owner = NULL, lease_until = NULL"
				+ changes.sql() + " WHERE id = ? AND lease_owner = ?", bound.toArray()) == 1;
	}
}
