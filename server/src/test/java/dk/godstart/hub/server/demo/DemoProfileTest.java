package dk.godstart.hub.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Where the demo clients can come from: only the {@code demo} profile's file, and that profile only while no external
 * issuer is configured, wherever the issuer is named. Runs the hub's environment post-processors and configuration
 * files on an empty context (no HAPI, no database), so every way of naming the issuer is checked in a second.
 */
class DemoProfileTest {

	private static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";
	private static final String JWKS = "https://idp.rn.example/jwks";

	@Configuration(proxyBeanMethods = false)
	static class Nothing {}

	@Test
	void withoutAnIssuerTheDemoProfileAndItsClientsAreOn() {
		ConfigurableEnvironment environment = start();
		assertThat(environment.getActiveProfiles()).contains(DemoProfile.NAME);
		assertThat(environment.getProperty("godstart.security.demo-clients[0].id")).isEqualTo("demo-hospital");
		assertThat(environment.getProperty("godstart.demo.seed-directory")).isEqualTo("true");
	}

	@Test
	void anIssuerOnTheCommandLineLeavesNoDemoClient() {
		assertNoDemo(start("--" + ISSUER + "=" + JWKS));
	}

	/** The case the first look cannot see: the issuer is only in a file read after the profile was chosen. */
	@Test
	void anIssuerInAConfigurationFileBesideTheJarLeavesNoDemoClient(@TempDir Path folder) throws Exception {
		Path file = Files.writeString(folder.resolve("production.yaml"), ISSUER + ": " + JWKS + "\n");
		assertNoDemo(start("--spring.config.additional-location=file:" + file));
	}

	@Test
	void theApplicationFileHasNoDemoClientOfItsOwn() {
		ConfigurableEnvironment environment = start("--spring.profiles.active=production", "--" + ISSUER + "=" + JWKS);
		assertThat(environment.getActiveProfiles()).containsExactly("production");
		assertNoDemo(environment);
	}

	private static void assertNoDemo(ConfigurableEnvironment environment) {
		assertThat(environment.getActiveProfiles()).doesNotContain(DemoProfile.NAME);
		assertThat(environment.getProperty("godstart.security.demo-clients[0].id")).isNull();
		assertThat(environment.getProperty("godstart.security.demo-clients[0].secret")).isNull();
		assertThat(environment.getProperty("godstart.demo.organisations[0].id")).isNull();
		assertThat(environment.getPropertySources().stream().map(source -> source.getName()))
				.noneMatch(name -> name.contains("application-demo"));
	}

	private static ConfigurableEnvironment start(String... args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Nothing.class)
				.web(WebApplicationType.NONE).logStartupInfo(false).run(args)) {
			return context.getEnvironment();
		}
	}
}
