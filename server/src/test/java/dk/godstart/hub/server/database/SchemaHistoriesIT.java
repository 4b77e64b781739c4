package dk.godstart.hub.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.routes.RoutesSchema;
import dk.godstart.hub.server.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The hub's two Flyway histories, one per module, on fresh schemas of the test database: an empty schema gets
 * both; a schema left by the old shared history (the same migration files, as every existing database has them)
 * is handed over without running anything again, whether it had all of the server's migrations or only some.
 */
class SchemaHistoriesIT {

	private static final List<String> ROUTES_VERSIONS = List.of("1", "2", "3", "4", "5", "8", "9", "10", "11", "12", "13", "14", "17", "18");
	/** The routes' migrations of the shared era; later ones (V17, V18) ran only in the routes' own history. */
	private static final List<String> SHARED_ROUTES_VERSIONS = ROUTES_VERSIONS.subList(0, ROUTES_VERSIONS.indexOf("14") + 1);
	private static final List<String> SERVER_VERSIONS = List.of("6", "7", "15", "16");
	/** The server's migrations of the shared era (the last of them V15); later ones were never in the shared history. */
	private static final List<String> SHARED_SERVER_VERSIONS = HubSchemaMigration.SHARED_HISTORY_SERVER_VERSIONS;

	private final TestDatabase database = TestDatabase.get();
	private final DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl, database.username,
			database.password);
	private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
	private final String schema = "schema_history_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	@AfterEach
	void dropSchema() {
		jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
	}

	@Test
	void anEmptySchemaGetsOneHistoryPerModule() {
		HubSchemaMigration.migrate(configured().load());

		assertThat(applied(RoutesSchema.HISTORY_TABLE)).isEqualTo(ROUTES_VERSIONS);
		assertThat(applied(HubSchemaMigration.SERVER_HISTORY_TABLE)).isEqualTo(SERVER_VERSIONS);
		assertThat(tables()).contains("hub_outbox_event", "hub_delivery", "hub_inbound_message", "hub_adt_message",
				"hub_access_grant", "hub_audit_record", "hub_signing_key", "hub_consent_change");
		assertValid();
		assertNothingLeftToRun();
	}

	/**
	 * Both shapes of old history: begun on an empty schema (Flyway ran before Hibernate made HAPI's tables), and
	 * baselined at 0 on a schema that already held HAPI's tables (a database from before the hub had Flyway).
	 */
	@ParameterizedTest(name = "HAPI''s tables before Flyway: {0}")
	@ValueSource(booleans = {false, true})
	void theOldSharedHistoryIsHandedOverAndNothingRunsAgain(boolean hapiTablesFirst) {
		if (hapiTablesFirst) {
			jdbc.execute("CREATE SCHEMA " + schema);
			jdbc.execute("CREATE TABLE " + schema + ".hfj_resource (res_id BIGINT PRIMARY KEY)");
		}
		sharedHistory(null);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM " + schema + "." + RoutesSchema.HISTORY_TABLE
				+ " WHERE type = 'BASELINE'", Long.class)).isEqualTo(hapiTablesFirst ? 1 : 0);
		jdbc.update("INSERT INTO " + schema + ".hub_consent_change (patient, changed_at) VALUES ('Patient/kept', now())");
		List<Map<String, Object>> serverRowsBefore = rows(RoutesSchema.HISTORY_TABLE, SHARED_SERVER_VERSIONS);
		List<Map<String, Object>> routesRowsBefore = rows(RoutesSchema.HISTORY_TABLE, SHARED_ROUTES_VERSIONS);
		assertThat(serverRowsBefore).hasSize(3);

		HubSchemaMigration.migrate(configured().load());

		assertThat(applied(RoutesSchema.HISTORY_TABLE)).isEqualTo(ROUTES_VERSIONS);
		assertThat(applied(HubSchemaMigration.SERVER_HISTORY_TABLE)).isEqualTo(SERVER_VERSIONS);
		assertThat(rows(HubSchemaMigration.SERVER_HISTORY_TABLE, SHARED_SERVER_VERSIONS))
				.as("moved as they were: checksums, dates, ranks").isEqualTo(serverRowsBefore);
		assertThat(rows(RoutesSchema.HISTORY_TABLE, SHARED_ROUTES_VERSIONS)).as("untouched").isEqualTo(routesRowsBefore);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM " + schema + ".hub_consent_change", Long.class))
				.as("no table made again").isEqualTo(1);
		assertValid();

		HubSchemaMigration.migrate(configured().load());
		assertThat(rows(HubSchemaMigration.SERVER_HISTORY_TABLE, SHARED_SERVER_VERSIONS)).as("a second start moves nothing")
				.isEqualTo(serverRowsBefore);
		assertNothingLeftToRun();
	}

	@Test
	void aSharedHistoryFromBeforeV15GetsTheRestInTheRightHistories() {
		sharedHistory("7");

		HubSchemaMigration.migrate(configured().load());

		assertThat(applied(RoutesSchema.HISTORY_TABLE)).isEqualTo(ROUTES_VERSIONS);
		assertThat(applied(HubSchemaMigration.SERVER_HISTORY_TABLE)).isEqualTo(SERVER_VERSIONS);
		assertValid();
	}

	@Test
	void aSharedHistoryFromBeforeTheServersFirstMigrationGetsAllOfThemInItsOwn() {
		sharedHistory("5");

		HubSchemaMigration.migrate(configured().load());

		assertThat(applied(RoutesSchema.HISTORY_TABLE)).isEqualTo(ROUTES_VERSIONS);
		assertThat(applied(HubSchemaMigration.SERVER_HISTORY_TABLE)).isEqualTo(SERVER_VERSIONS);
		assertValid();
	}

	/** A migration added to the old shared folder by the server would land in camel-routes' history. */
	@Test
	void theServerShipsNoMigrationInTheRoutesFolder() throws Exception {
		assertThat(Path.of("src/main/resources/db/godstart-server")).isDirectory();
		Path routesFolder = Path.of("src/main/resources/db/godstart");
		if (Files.isDirectory(routesFolder)) {
			try (var files = Files.walk(routesFolder)) {
				assertThat(files.filter(Files::isRegularFile).toList())
						.as("server migrations go in db/godstart-server (their own history); db/godstart is camel-routes'")
						.isEmpty();
			}
		}
	}

	/**
	 * What the hub did before the split: both modules' files in one history, in version order, up to {@code target}
	 * (null: all of the shared era, up to the server's V15; later migrations came after the split).
	 */
	private void sharedHistory(String target) {
		configured().locations(RoutesSchema.LOCATION, HubSchemaMigration.SERVER_LOCATION).table(RoutesSchema.HISTORY_TABLE)
				.target(target != null ? target : SHARED_SERVER_VERSIONS.get(SHARED_SERVER_VERSIONS.size() - 1))
				.load().migrate();
	}

	/** As application.yaml configures Spring Boot's Flyway, on this test's schema. */
	private FluentConfiguration configured() {
		return Flyway.configure().dataSource(dataSource).schemas(schema).baselineOnMigrate(true).baselineVersion("0");
	}

	private List<String> applied(String table) {
		return jdbc.queryForList("SELECT version FROM " + schema + "." + table
				+ " WHERE success AND type NOT IN ('BASELINE', 'SCHEMA') ORDER BY installed_rank", String.class);
	}

	private List<Map<String, Object>> rows(String table, List<String> versions) {
		return jdbc.queryForList("SELECT * FROM " + schema + "." + table + " WHERE version IN ("
				+ String.join(", ", versions.stream().map(v -> "'" + v + "'").toList()) + ") ORDER BY installed_rank");
	}

	private List<String> tables() {
		return jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", String.class,
				schema);
	}

	private void assertValid() {
		assertThat(HubSchemaMigration.routes(configured().load().getConfiguration()).validateWithResult().validationSuccessful)
				.as("camel-routes' history matches its files").isTrue();
		assertThat(HubSchemaMigration.server(configured().load().getConfiguration()).validateWithResult().validationSuccessful)
				.as("the server's history matches its files").isTrue();
	}

	private void assertNothingLeftToRun() {
		assertThat(HubSchemaMigration.routes(configured().load().getConfiguration()).info().pending()).isEmpty();
		assertThat(HubSchemaMigration.server(configured().load().getConfiguration()).info().pending()).isEmpty();
	}
}
