package dk.godstart.hub.server.demo;

import dk.godstart.hub.server.security.NoExternalIssuerCondition;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the {@code demo} Spring profile on for the embedded default: while no external token issuer is configured
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} / {@code jwk-set-uri}), nobody but the hub's own
 * demo clients could get a token, so their clients, secrets and seeded directory ({@code application-demo.yaml}) are
 * what makes the hub usable at all. Production names its issuer and so never has the profile.
 *
 * <p>Runs before the configuration files are read, so that {@code application-demo.yaml} is read with them; an
 * issuer named only in a configuration file beside the jar is not seen yet here. {@link DemoProfileWithdrawal} looks
 * again once the files are read and, when an issuer has appeared, takes the profile and what it read away again; the
 * demo beans are also conditional on {@link NoExternalIssuerCondition}.
 */
public class DemoProfile implements EnvironmentPostProcessor, Ordered {

	public static final String NAME = "demo";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (NoExternalIssuerCondition.noExternalIssuer(environment)
				&& !Arrays.asList(environment.getActiveProfiles()).contains(NAME)) {
			environment.addActiveProfile(NAME);
			environment.getPropertySources().addLast(new MapPropertySource(DemoProfileWithdrawal.MARKER,
					Map.of(DemoProfileWithdrawal.MARKER, "true")));
		}
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER - 1;
	}
}
