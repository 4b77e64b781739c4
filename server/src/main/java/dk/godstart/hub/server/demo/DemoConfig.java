package dk.godstart.hub.server.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import dk.godstart.hub.server.security.NoExternalIssuerCondition;
import dk.godstart.hub.server.security.SecurityProperties;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * What the {@code demo} profile adds beside its demo clients ({@code application-demo.yaml}): the seeded directory.
 * Also conditional on no external issuer, which the profile's activation may not have seen ({@link DemoProfile}).
 */
@Configuration(proxyBeanMethods = false)
@Profile(DemoProfile.NAME)
@Conditional(NoExternalIssuerCondition.class)
public class DemoConfig {

	@Bean
	DemoDirectory demoDirectory(FhirContext fhirContext, DaoRegistry daos, DemoProperties properties,
			SecurityProperties security) {
		return new DemoDirectory(fhirContext, daos.getResourceDao(Organization.class), properties, security.demoClients());
	}

	/**
	 * Seeds once the application is up (HAPI's search parameters are active then) and before readiness reports UP,
	 * like the guide's installation: a client that waits for readiness finds its organisation.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> demoDirectorySeeded(DemoProperties properties, DemoDirectory directory) {
		return event -> {
			if (properties.seedDirectory()) {
				directory.seed();
			}
		};
	}
}
