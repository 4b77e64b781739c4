package dk.godstart.hub.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import dk.godstart.hub.server.GodStartHubApplication;
import dk.godstart.hub.server.support.HubTokens;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The quick start: no configuration at all, the hub runs its own PostgreSQL (and its demo profile, with a seeded
 * directory), and what a user stored is still there after the hub is stopped and started again, beside a directory
 * seeded once. Runs the whole application twice, outside the shared test context.
 */
class EmbeddedDefaultRestartIT {

	private static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";
	private static final String SOR_SYSTEM = "urn:oid:1.2.208.176.1.1";
	private static final String HOSPITAL_SOR = "123451000016001";

	@TempDir
	Path workDirectory;

	@Test
	void evasRecordSurvivesARestartOfTheEmbeddedDefault() throws Exception {
		String cpr = "1507921234";
		IIdType evaId;
		int organisations;
		try (ConfigurableApplicationContext hub = startHub()) {
			assertThat(setting(hub, "fsync")).as("committed data must reach the disk").isEqualTo("on");
			assertThat(setting(hub, "synchronous_commit")).isEqualTo("on");

			org.hl7.fhir.r4.model.Organization hospital = new org.hl7.fhir.r4.model.Organization();
			hospital.setActive(true).setName("Aarhus University Hospital, obstetrics");
			hospital.addIdentifier().setSystem(SOR_SYSTEM).setValue(HOSPITAL_SOR);
			client(hub, HubTokens.OPERATOR, null).create().resource(hospital).execute();

			Patient eva = new Patient();
			eva.addIdentifier().setSystem(CPR_SYSTEM).setValue(cpr);
			eva.addName().setFamily("Madsen").addGiven("Eva");
			evaId = hospital(hub).create().resource(eva).execute().getId().toUnqualifiedVersionless();
			assertThat(hub.getEnvironment().getActiveProfiles()).as("the quick start runs the demo profile").contains("demo");
			organisations = organisations(hub);
			assertThat(organisations).as("the seeded directory and the hospital").isGreaterThan(40);
		}

		try (ConfigurableApplicationContext hub = startHub()) {
			Patient eva = hospital(hub).read().resource(Patient.class).withId(evaId).execute();
			assertThat(eva.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Eva");
			Bundle byCpr = hospital(hub).search()
					.forResource(Patient.class)
					.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(CPR_SYSTEM, cpr))
					.returnBundle(Bundle.class)
					.execute();
			assertThat(byCpr.getEntry()).hasSize(1);
			assertThat(organisations(hub)).as("the directory is seeded again on restart, and nothing is stored twice")
					.isEqualTo(organisations);
		}
	}

	/** How many Organizations the hub holds, whoever may see them. */
	private static int organisations(ConfigurableApplicationContext hub) {
		return hub.getBean(ca.uhn.fhir.jpa.api.dao.DaoRegistry.class).getResourceDao("Organization")
				.searchForResourceIds(ca.uhn.fhir.jpa.searchparam.SearchParameterMap.newSynchronous(),
						new ca.uhn.fhir.rest.api.server.SystemRequestDetails())
				.size();
	}

	private ConfigurableApplicationContext startHub() {
		// Command-line arguments outrank environment variables, so a SPRING_DATASOURCE_URL in the environment
		// cannot turn this into a test of the external database.
		return new SpringApplicationBuilder(GodStartHubApplication.class)
				.run(
						"--server.port=0",
						"--godstart.mllp.enabled=false",
						"--spring.datasource.url=",
						"--godstart.embedded-database.data-directory=" + workDirectory.resolve("data/postgres"));
	}

	/** The hospital that registered Eva; its token is signed by the hub's issuer key, kept in the database. */
	private static IGenericClient hospital(ConfigurableApplicationContext hub) {
		return client(hub, HubTokens.CARE_PROVIDER, SOR_SYSTEM + "|" + HOSPITAL_SOR);
	}

	private static IGenericClient client(ConfigurableApplicationContext hub, java.util.List<String> scopes, String organisation) {
		String port = hub.getEnvironment().getProperty("local.server.port");
		IGenericClient client = hub.getBean(FhirContext.class).newRestfulGenericClient("http://localhost:" + port + "/fhir");
		String token = new HubTokens(hub.getBean(org.springframework.security.oauth2.jwt.JwtEncoder.class))
				.token("restart-test", organisation, scopes);
		client.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor(token));
		return client;
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
