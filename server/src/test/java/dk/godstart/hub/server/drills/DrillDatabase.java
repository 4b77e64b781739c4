package dk.godstart.hub.server.drills;

import dk.godstart.hub.server.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own for one drill, made on the integration suite's PostgreSQL server ({@link TestDatabase}) and
 * dropped afterwards: the drill's hub processes start on an empty schema, as a new installation does, and what the
 * drill counts is only what the drill did.
 */
final class DrillDatabase implements AutoCloseable {

	private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?$");

	private final TestDatabase server;
	private final String name;
	private final String jdbcUrl;
	private final String username;
	private final String password;

	private DrillDatabase(TestDatabase server, String name, String jdbcUrl, String username, String password) {
		this.server = server;
		this.name = name;
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
	}

	/** A database on a PostgreSQL of the drill's own ({@link StoppablePostgres}), which goes with its cluster. */
	static DrillDatabase on(String jdbcUrl, String username, String password) {
		return new DrillDatabase(null, null, jdbcUrl, username, password);
	}

	static DrillDatabase create(String purpose) throws SQLException {
		TestDatabase server = TestDatabase.get();
		Matcher url = URL.matcher(server.jdbcUrl);
		if (!url.matches()) {
			throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + server.jdbcUrl);
		}
		String name = "godstart_drill_" + purpose + "_" + Long.toString(System.currentTimeMillis(), 36);
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl, server.username, server.password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return new DrillDatabase(server, name, url.group(1) + name + (url.group(3) == null ? "" : url.group(3)),
				server.username, server.password);
	}

	String jdbcUrl() {
		return jdbcUrl;
	}

	String username() {
		return username;
	}

	String password() {
		return password;
	}

	/** The first column of every row {@code sql} returns, as text. */
	List<String> column(String sql, Object... parameters) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			List<String> values = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					values.add(rows.getString(1));
				}
			}
			return values;
		}
	}

	long count(String sql, Object... parameters) throws SQLException {
		return Long.parseLong(column(sql, parameters).get(0));
	}

	@Override
	public void close() throws SQLException {
		if (server == null) {
			return;
		}
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl, server.username, server.password);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
	}
}
