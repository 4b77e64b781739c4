package dk.godstart.hub.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import dk.godstart.hub.server.GodStartHubApplication;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The quick start: no configuration at all, the hub runs its own PostgreSQL, and what a user stored is still there
 * after the hub is stopped and started again. Runs the whole application twice, outside the shared test context.
 */
class EmbeddedDefaultRestartIT {

	private static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";

	@TempDir
	Path workDirectory;

	@Test
	void evasRecordSurvivesARestartOfTheEmbeddedDefault() throws Exception {
		String cpr = "1507921234";
		IIdType evaId;
		try (ConfigurableApplicationContext hub = startHub()) {
			assertThat(setting(hub, "fsync")).as("committed data must reach the disk").isEqualTo("on");
			assertThat(setting(hub, "synchronous_commit")).isEqualTo("on");

			Patient eva = new Patient();
			eva.addIdentifier().setSystem(CPR_SYSTEM).setValue(cpr);
			eva.addName().setFamily("Madsen").addGiven("Eva");
			evaId = client(hub).create().resource(eva).execute().getId().toUnqualifiedVersionless();
		}

		try (ConfigurableApplicationContext hub = startHub()) {
			Patient eva = client(hub).read().resource(Patient.class).withId(evaId).execute();
			assertThat(eva.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Eva");
			Bundle byCpr = client(hub).search()
					.forResource(Patient.class)
					.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(CPR_SYSTEM, cpr))
					.returnBundle(Bundle.class)
					.execute();
			assertThat(byCpr.getEntry()).hasSize(1);
		}
	}

	private ConfigurableApplicationContext startHub() {
		// Command-line arguments outrank environment variables, so a SPRING_DATASOURCE_URL in the environment
		// cannot turn this into a test of the external database.
		return new SpringApplicationBuilder(GodStartHubApplication.class)
				.run(
						"--server.port=0",
						"--spring.datasource.url=",
						"--godstart.embedded-database.data-directory=" + workDirectory.resolve("data/postgres"));
	}

	private static IGenericClient client(ConfigurableApplicationContext hub) {
		String port = hub.getEnvironment().getProperty("local.server.port");
		return hub.getBean(FhirContext.class).newRestfulGenericClient("http://localhost:" + port + "/fhir");
	}

	private static String setting(ConfigurableApplicationContext hub, String name) throws Exception {
		try (Connection connection = hub.getBean(DataSource.class).getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW " + name)) {
			result.next();
			return result.getString(1);
		}
	}
}
