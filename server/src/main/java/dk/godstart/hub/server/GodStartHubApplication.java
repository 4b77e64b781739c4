package dk.godstart.hub.server;

import dk.godstart.hub.server.fhir.FhirDefinitionsPreloader;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * GodStart Hub: a HAPI FHIR JPA server (R4) for Danish maternity care, on PostgreSQL.
 *
 * <p>Auto-configurations excluded here arrive with HAPI's dependencies but are not ours to run: the Elasticsearch
 * client would poll localhost:9200 forever, and Quartz would start a second scheduler beside HAPI's (Thymeleaf
 * stays: it renders the operators' console). Spring Boot's authorization-server and user-details defaults are replaced by the hub's own
 * issuer (only while no external issuer is configured; its own random key would otherwise sit in front of the
 * external issuer's) and by bearer tokens.
 */
@SpringBootApplication(
		exclude = {
			ElasticsearchRestClientAutoConfiguration.class,
			ElasticsearchClientAutoConfiguration.class,
			QuartzAutoConfiguration.class,
			OAuth2AuthorizationServerAutoConfiguration.class,
			OAuth2AuthorizationServerJwtAutoConfiguration.class,
			UserDetailsServiceAutoConfiguration.class
		})
@ConfigurationPropertiesScan
public class GodStartHubApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(GodStartHubApplication.class);
		application.addListeners(new FhirDefinitionsPreloader());
		application.run(args);
	}
}
