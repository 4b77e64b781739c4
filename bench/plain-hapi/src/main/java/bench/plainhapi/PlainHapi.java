package bench.plainhapi;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI FHIR's JPA server for R4 with HAPI's default storage settings, served at {@code /fhir}: the JPA resource
 * providers, the system provider and the capability statement, and nothing of the hub's. The reference the hub's
 * figures are divided by, in the same run.
 *
 * <p>As in the hub, the auto-configurations that arrive with HAPI's dependencies and are nobody's to run are left out:
 * the Elasticsearch client (it would poll localhost:9200 forever) and Quartz (a second scheduler beside HAPI's).
 */
@SpringBootApplication(exclude = {ElasticsearchRestClientAutoConfiguration.class,
		ElasticsearchClientAutoConfiguration.class, QuartzAutoConfiguration.class})
@Import({JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
		SubscriptionChannelConfig.class, ThreadPoolFactoryConfig.class})
public class PlainHapi {

	public static void main(String[] args) {
		SpringApplication.run(PlainHapi.class, args);
	}

	@Bean
	JpaStorageSettings jpaStorageSettings() {
		return new JpaStorageSettings();
	}

	@Bean
	SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	@Bean
	PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	@Primary
	LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext, JpaStorageSettings storageSettings, DataSource dataSource, JpaProperties jpa) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		factory.getJpaPropertyMap().putAll(jpa.getProperties());
		return factory;
	}

	@Bean
	@Primary
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	@Bean
	RestfulServer fhirServer(IFhirSystemDao<?, ?> systemDao, ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider, JpaStorageSettings storageSettings, ISearchParamRegistry searchParams,
			IValidationSupport validationSupport, DatabaseBackedPagingProvider paging) {
		RestfulServer server = new RestfulServer(systemDao.getContext());
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);
		server.setServerConformanceProvider(new JpaCapabilityStatementProvider(server, systemDao, storageSettings,
				searchParams, validationSupport));
		server.setPagingProvider(paging);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		return server;
	}

	@Bean
	ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer fhirServer) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(fhirServer, "/fhir/*");
		registration.setLoadOnStartup(1);
		return registration;
	}
}
