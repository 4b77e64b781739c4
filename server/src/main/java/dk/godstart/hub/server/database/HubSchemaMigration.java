package dk.godstart.hub.server.database;

import dk.godstart.hub.routes.RoutesSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * The hub's own tables, one owner each: camel-routes migrates the tables it writes ({@link RoutesSchema}), the
 * server the tables it writes (access grants, audit records, signing key, consent changes) from
 * {@value #SERVER_LOCATION}, each module in a Flyway history of its own, so neither has to number its migrations
 * around the other's. Spring Boot's Flyway (its data source and {@code spring.flyway.*} settings) is used for both,
 * with each module's location and history table set here; JPA still waits for both, as Spring Boot makes it wait for
 * its migration.
 *
 * <p>Until the split both modules shared {@link RoutesSchema#HISTORY_TABLE}, the server's V6, V7 and V15 interleaved
 * with the routes' versions. Such a database is handed over on its first start with this code: the server's rows move,
 * unchanged (checksums, dates), from the shared history into the server's new one, in one transaction under an
 * advisory lock so two nodes starting together hand over once. Nothing runs again, and Flyway's validation stays
 * strict on both histories: each then holds exactly the migrations its module ships.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class HubSchemaMigration {

	/** The server's migrations, and only the server's. */
	public static final String SERVER_LOCATION = "classpath:db/godstart-server";
	public static final String SERVER_HISTORY_TABLE = "godstart_server_schema_history";
	/**
	 * The server's versions that were applied in the shared history before the split: what the hand-over moves.
	 * Frozen: a later server migration is only ever recorded in the server's own history.
	 */
	static final List<String> SHARED_HISTORY_SERVER_VERSIONS = List.of("6", "7", "15");
	/** Any fixed key will do; it only has to be the same on every node. ("godstart" in ASCII.) */
	private static final long HAND_OVER_LOCK = 0x676f647374617274L;
	private static final Logger log = LoggerFactory.getLogger(HubSchemaMigration.class);

	@Bean
	FlywayMigrationStrategy hubSchemaMigrationStrategy() {
		return HubSchemaMigration::migrate;
	}

	/** Hands an old shared history over if there is one, then migrates camel-routes' tables, then the server's. */
	public static void migrate(Flyway configured) {
		Configuration configuration = configured.getConfiguration();
		handOver(configuration);
		routes(configuration).migrate();
		server(configuration).migrate();
	}

	public static Flyway routes(Configuration configuration) {
		return Flyway.configure(configuration.getClassLoader()).configuration(configuration)
				.locations(RoutesSchema.LOCATION).table(RoutesSchema.HISTORY_TABLE).load();
	}

	/**
	 * The server's history always starts on a schema that already holds the routes' tables, so it is baselined
	 * at 0 (before every server migration) when it is created, whatever {@code spring.flyway.baseline-*} says.
	 */
	public static Flyway server(Configuration configuration) {
		return Flyway.configure(configuration.getClassLoader()).configuration(configuration)
				.locations(SERVER_LOCATION).table(SERVER_HISTORY_TABLE)
				.baselineOnMigrate(true).baselineVersion("0").load();
	}

	/**
	 * Moves the server's rows out of the shared history when the server has no history yet and the shared one holds
	 * some. Returns whether it moved any. A database from before V6 has none to move: the server's history is then
	 * created by its first migration, which runs V6, V7 and V15.
	 */
	static boolean handOver(Configuration configuration) {
		DataSource dataSource = configuration.getDataSource();
		try (Connection connection = dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				try (Statement lock = connection.createStatement()) {
					lock.execute("SELECT pg_advisory_xact_lock(" + HAND_OVER_LOCK + ")");
				}
				String schema = schemaOf(configuration, connection);
				String shared = qualified(schema, RoutesSchema.HISTORY_TABLE);
				String own = qualified(schema, SERVER_HISTORY_TABLE);
				String versions = SHARED_HISTORY_SERVER_VERSIONS.stream().map(v -> "'" + v + "'")
						.collect(Collectors.joining(", ", "(", ")"));
				boolean moved = false;
				if (exists(connection, shared) && !exists(connection, own)
						&& count(connection, "SELECT count(*) FROM " + shared + " WHERE version IN " + versions) > 0) {
					try (Statement move = connection.createStatement()) {
						move.execute("CREATE TABLE " + own + " (LIKE " + shared + " INCLUDING ALL)");
						int rows = move.executeUpdate("INSERT INTO " + own + " SELECT * FROM " + shared
								+ " WHERE version IN " + versions + " ORDER BY installed_rank");
						move.executeUpdate("DELETE FROM " + shared + " WHERE version IN " + versions);
						log.info("Schema history split: {} applied server migration(s) (of versions {}) moved from {} to {}",
								rows, SHARED_HISTORY_SERVER_VERSIONS, shared, own);
					}
					moved = true;
				}
				connection.commit();
				return moved;
			} catch (SQLException | RuntimeException e) {
				connection.rollback();
				throw e;
			} finally {
				connection.setAutoCommit(autoCommit);
			}
		} catch (SQLException e) {
			throw new IllegalStateException("Could not hand the server's migrations over to their own history", e);
		}
	}

	/** The schema Flyway migrates: the configured one, else the connection's current schema (as Flyway does). */
	private static String schemaOf(Configuration configuration, Connection connection) throws SQLException {
		if (configuration.getDefaultSchema() != null) {
			return configuration.getDefaultSchema();
		}
		if (configuration.getSchemas().length > 0) {
			return configuration.getSchemas()[0];
		}
		try (Statement statement = connection.createStatement();
				ResultSet current = statement.executeQuery("SELECT current_schema()")) {
			current.next();
			return current.getString(1);
		}
	}

	private static String qualified(String schema, String table) {
		return quoted(schema) + "." + quoted(table);
	}

	private static String quoted(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	private static boolean exists(Connection connection, String table) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
			query.setString(1, table);
			try (ResultSet result = query.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	private static long count(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}
}
