package dk.godstart.hub.routes.queue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The columns an outcome sets beside the queue's own (state, lease, schedule): {@code set} binds a value,
 * {@code setTo} an SQL expression of the code's own ({@code now()}, another column). Column names come from code,
 * never from input, and are checked to be plain names.
 */
public final class Changes {

	private static final Pattern COLUMN = Pattern.compile("[a-z_]+");

	private final List<String> assignments = new ArrayList<>();
	private final List<Object> values = new ArrayList<>();

	private Changes() {}

	public static Changes none() {
		return new Changes();
	}

	public static Changes set(String column, Object value) {
		return new Changes().and(column, value);
	}

	public Changes and(String column, Object value) {
		assignments.add(checked(column) + " = ?");
		values.add(value instanceof Instant instant ? Timestamp.from(instant) : value);
		return this;
	}

	/** {@code column = expression}, for expressions the code writes ({@code now()}, {@code lease_owner}). */
	public Changes andTo(String column, String expression) {
		assignments.add(checked(column) + " = " + expression);
		return this;
	}

	/** Whether these changes set {@code column}. */
	boolean sets(String column) {
		return assignments.stream().anyMatch(assignment -> assignment.startsWith(column + " = "));
	}

	String sql() {
		return assignments.isEmpty() ? "" : ", " + String.join(", ", assignments);
	}

	List<Object> values() {
		return values;
	}

	private static String checked(String column) {
		if (!COLUMN.matcher(column).matches()) {
			throw new IllegalArgumentException("Not a column name: " + column);
		}
		return column;
	}
}
