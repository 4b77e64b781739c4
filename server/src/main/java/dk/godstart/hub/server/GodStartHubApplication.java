package dk.godstart.hub.server;

import dk.godstart.hub.server.fhir.FhirDefinitionsPreloader;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * GodStart Hub: a HAPI FHIR JPA server (R4) for Danish maternity care, on PostgreSQL.
 *
 * <p>Auto-configurations excluded here arrive with HAPI's dependencies but are not ours to run: the Elasticsearch
 * client would poll localhost:9200 forever, Quartz would start a second scheduler beside HAPI's, and Thymeleaf
 * serves no pages here.
 */
@SpringBootApplication(
		exclude = {
			ElasticsearchRestClientAutoConfiguration.class,
			ElasticsearchClientAutoConfiguration.class,
			QuartzAutoConfiguration.class,
			ThymeleafAutoConfiguration.class
		})
@ConfigurationPropertiesScan
public class GodStartHubApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(GodStartHubApplication.class);
		application.addListeners(new FhirDefinitionsPreloader());
		application.run(args);
	}
}
