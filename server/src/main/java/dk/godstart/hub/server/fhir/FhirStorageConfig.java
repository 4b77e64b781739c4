package dk.godstart.hub.server.fhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI FHIR's JPA storage for R4 on PostgreSQL. Only the parts the hub uses are imported: the R4 DAOs, the batch
 * framework (reindexing after a SearchParameter changes needs it) and the subscription channels.
 * Hibernate properties come from {@code spring.jpa.properties.*} in application.yaml.
 */
@Configuration(proxyBeanMethods = false)
@Import({
	JpaR4Config.class,
	HapiJpaConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	SubscriptionChannelConfig.class,
	ThreadPoolFactoryConfig.class
})
public class FhirStorageConfig {

	@Bean
	JpaStorageSettings jpaStorageSettings(FhirStorageProperties properties) {
		JpaStorageSettings settings = new JpaStorageSettings();
		settings.setAllowExternalReferences(properties.allowExternalReferences());
		settings.setExpungeEnabled(properties.expungeEnabled());
		settings.setReuseCachedSearchResultsForMillis(
				properties.reuseCachedSearchResultsMillis() > 0 ? properties.reuseCachedSearchResultsMillis() : null);
		// Server-assigned ids are random UUIDs: sequential numbers would tell any caller how many referrals exist.
		settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
		settings.setAdvancedHSearchIndexing(false);
		// The guide is a draft; its profiles and terminology must still be installable from the package.
		settings.setValidateResourceStatusForPackageUpload(false);
		// Pre-expanding ValueSets into the database needs the full-text index; the guide's are small and expand in memory.
		settings.setPreExpandValueSets(false);
		return settings;
	}

	/**
	 * No HAPI subscription channel is enabled: HAPI's in-memory delivery gives up on a subscriber after a few tries
	 * and loses what was queued on a restart. The hub serves subscriptions itself (package {@code subscription}).
	 */
	@Bean
	SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	/** One partition: the hub separates organisations by authorisation, not by storage partitions. */
	@Bean
	PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	@Primary
	LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			DataSource dataSource,
			JpaProperties jpaProperties) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		Map<String, String> hibernate = jpaProperties.getProperties();
		factory.getJpaPropertyMap().putAll(hibernate);
		return factory;
	}

	@Bean
	@Primary
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}
}
