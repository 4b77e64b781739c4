package dk.godstart.hub.routes.dedup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The keys of the inbound messages the hub has taken, one table per kind of message, so that a repeat (a sender
 * retrying after a lost answer) changes nothing and, where the table keeps it, gets the first answer again.
 * <ul>
 * <li>The key is written by the transaction that stores what the message says ({@link #take} refuses to run outside
 * one): a store that rolls back leaves no key, and the sender's next try is taken as new.</li>
 * <li>A repeat that arrives while the first is still being stored waits on the key's row (PostgreSQL's
 * {@code ON CONFLICT} waits for the other transaction) and is then a repeat, or new if the first rolled back.</li>
 * <li>A key is the table's primary key, one column or several (an HL7 v2 message is known by its sending facility
 * and control id together).</li>
 * </ul>
 * Keys older than {@code godstart.retention.keep-for} are deleted by {@code retention/Retention}.
 */
public final class IdempotentInbox {

	private static final String NAME = "[a-z_][a-z0-9_]*";

	private final JdbcTemplate jdbc;
	private final List<String> keyColumns;
	private final List<String> recordedColumns;
	private final String table;
	private final String insert;
	private final String answer;
	private final String recorded;

	/**
	 * @param keyColumns the table's primary key
	 * @param recordedColumns other columns written with the key (those without a default)
	 * @param answerColumn the column replayed to a repeat, or null when a repeat is only acknowledged
	 */
	public IdempotentInbox(JdbcTemplate jdbc, String table, List<String> keyColumns, List<String> recordedColumns,
			String answerColumn) {
		List<String> names = new ArrayList<>(keyColumns);
		names.addAll(recordedColumns);
		names.add(table);
		if (answerColumn != null) {
			names.add(answerColumn);
		}
		if (keyColumns.isEmpty() || !names.stream().allMatch(name -> name.matches(NAME))) {
			throw new IllegalArgumentException("Not a table and key of plain SQL names: " + names);
		}
		this.jdbc = jdbc;
		this.table = table;
		this.keyColumns = List.copyOf(keyColumns);
		this.recordedColumns = List.copyOf(recordedColumns);
		List<String> columns = new ArrayList<>(keyColumns);
		columns.addAll(recordedColumns);
		String key = String.join(", ", keyColumns);
		this.insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
				+ String.join(", ", Collections.nCopies(columns.size(), "?")) + ") ON CONFLICT (" + key + ") DO NOTHING";
		String where = " FROM " + table + " WHERE "
				+ keyColumns.stream().map(column -> column + " = ?").collect(Collectors.joining(" AND "));
		this.answer = answerColumn == null ? null : "SELECT " + answerColumn + where;
		List<String> kept = new ArrayList<>(recordedColumns);
		if (answerColumn != null && !kept.contains(answerColumn)) {
			kept.add(answerColumn);
		}
		this.recorded = kept.isEmpty() ? null : "SELECT " + String.join(", ", kept) + where;
	}

	/** HL7 v2 messages from the hospitals' ADT feeds, by MSH-4 and MSH-10, with their event; a repeat gets {@code AA}. */
	public static IdempotentInbox hl7v2Messages(JdbcTemplate jdbc) {
		return new IdempotentInbox(jdbc, "hub_adt_message", List.of("sending_facility", "control_id"), List.of("event"),
				null);
	}

	/**
	 * FHIR messages taken by {@code $process-message}, by MessageHeader id, with their answer (the acknowledgement),
	 * their Bundle.id and who sent them: MedCom's cache of Bundle.id + MessageHeader.id.
	 */
	public static IdempotentInbox fhirMessages(JdbcTemplate jdbc) {
		return new IdempotentInbox(jdbc, "hub_inbound_message", List.of("message_id"),
				List.of("status_code", "response", "bundle_id", "sender"), "response");
	}

	/**
	 * Takes a message's key, inside the transaction that stores the message, with the values of the recorded
	 * columns.
	 *
	 * @return false when the key was taken before: nothing is written, and the caller should store nothing either
	 *         (roll back what it already wrote)
	 */
	public boolean take(List<?> key, List<?> recorded) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("A message's key is taken in the transaction that stores the message");
		}
		check(key);
		if (recorded.size() != recordedColumns.size()) {
			throw new IllegalArgumentException("Values for " + recordedColumns + " expected, not " + recorded);
		}
		List<Object> values = new ArrayList<>(key);
		values.addAll(recorded);
		return jdbc.update(insert, values.toArray()) == 1;
	}

	/** The answer recorded with a key taken before; empty when it is not taken (or was swept since). */
	public Optional<String> answer(List<?> key) {
		if (answer == null) {
			throw new IllegalStateException("This inbox keeps no answers");
		}
		check(key);
		return jdbc.queryForList(answer, String.class, key.toArray()).stream().findFirst();
	}

	/** What was recorded with a key taken before (the recorded columns and the answer, by name); empty when not taken. */
	public Optional<java.util.Map<String, Object>> recorded(List<?> key) {
		if (recorded == null) {
			throw new IllegalStateException("This inbox records nothing but keys");
		}
		check(key);
		return jdbc.queryForList(recorded, key.toArray()).stream().findFirst();
	}

	/**
	 * The key (its first column) of a message taken before whose recorded {@code column} is {@code value}, if any:
	 * e.g. the message that came in the envelope (Bundle.id) a new message now reuses.
	 */
	public Optional<String> keyWhere(String column, Object value) {
		if (!recordedColumns.contains(column)) {
			throw new IllegalArgumentException(column + " is not recorded here: " + recordedColumns);
		}
		return jdbc.queryForList("SELECT " + keyColumns.get(0) + " FROM " + table + " WHERE " + column + " = ? LIMIT 1",
				String.class, value).stream().findFirst();
	}

	private void check(List<?> key) {
		if (key.size() != keyColumns.size() || key.stream().anyMatch(part -> part == null)) {
			throw new IllegalArgumentException("A key is " + keyColumns + ", not " + key);
		}
	}
}
