package dk.godstart.hub.server.demo;

import dk.godstart.hub.server.security.NoExternalIssuerCondition;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Takes the {@code demo} profile away again when {@link DemoProfile} turned it on but the configuration files, read
 * since, name an external issuer (an {@code application.yaml} beside the jar, {@code spring.config.additional-location}):
 * production then has no demo client, not even as a property ({@code godstart.security.demo-clients}), and no seeded
 * directory, wherever its issuer is configured. A {@code demo} profile the operator turned on is left alone.
 */
public class DemoProfileWithdrawal implements EnvironmentPostProcessor, Ordered {

	/** Set by {@link DemoProfile} when it, not the operator, turned the profile on. */
	static final String MARKER = "godstart.demo.profile-turned-on-by-default";
	/** How Spring Boot names the property source of a profile-specific file: "... [application-demo.yaml] ...". */
	private static final String DEMO_FILE = "application-" + DemoProfile.NAME + ".";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().get(MARKER) == null || NoExternalIssuerCondition.noExternalIssuer(environment)) {
			return;
		}
		environment.setActiveProfiles(Arrays.stream(environment.getActiveProfiles())
				.filter(profile -> !DemoProfile.NAME.equals(profile)).toArray(String[]::new));
		List<String> demoSources = environment.getPropertySources().stream().map(PropertySource::getName)
				.filter(name -> name.contains(DEMO_FILE) || name.equals(MARKER)).toList();
		demoSources.forEach(environment.getPropertySources()::remove);
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}
}
