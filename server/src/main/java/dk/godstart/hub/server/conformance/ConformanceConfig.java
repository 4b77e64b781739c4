package dk.godstart.hub.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.config.JpaConfig;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import dk.godstart.hub.profiles.GodStartValidationSupport;
import dk.godstart.hub.profiles.GodStartValidator;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The guide in the server: its definitions first in HAPI's validation chain (in memory, snapshots included),
 * profile enforcement on every write, the guide stored at start-up, and a warm validator before the port opens.
 */
@Configuration(proxyBeanMethods = false)
public class ConformanceConfig {

	private static final Logger log = LoggerFactory.getLogger(ConformanceConfig.class);

	/**
	 * Puts the guide in front of HAPI's JPA validation chain, so {@code $validate}, write enforcement and
	 * terminology operations find our profiles without a database round trip, and gives HAPI's own instance
	 * validator (the one behind {@code $validate}) the guide's policy.
	 */
	@Bean
	static BeanPostProcessor guideInValidationChain() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (JpaConfig.JPA_VALIDATION_SUPPORT_CHAIN.equals(beanName) && bean instanceof ValidationSupportChain chain) {
					chain.addValidationSupport(0, GodStartValidationSupport.packageSupport(chain.getFhirContext()));
				} else if (bean instanceof FhirInstanceValidator instanceValidator) {
					GodStartValidator.applyGuidePolicy(instanceValidator);
				}
				return bean;
			}
		};
	}

	@Bean
	GodStartValidator godStartValidator(
			FhirContext fhirContext,
			@Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT_CHAIN) IValidationSupport validationSupport,
			WorkerContextValidationSupportAdapter workerContext) {
		FhirInstanceValidator instanceValidator = new FhirInstanceValidator(validationSupport);
		instanceValidator.setWrappedWorkerContext(validationSupport, workerContext);
		return new GodStartValidator(fhirContext, instanceValidator);
	}

	@Bean
	ProfileEnforcingInterceptor profileEnforcingInterceptor(
			GodStartValidator validator, ConformanceProperties properties, IInterceptorService interceptors) {
		ProfileEnforcingInterceptor interceptor = new ProfileEnforcingInterceptor(validator, properties.requiredProfiles());
		if (properties.validateOnWrite()) {
			interceptors.registerInterceptor(interceptor);
		} else {
			log.warn("godstart.conformance.validate-on-write is off: resources are stored without profile checks");
		}
		return interceptor;
	}

	@Bean
	ImplementationGuideInstaller implementationGuideInstaller(
			IPackageInstallerSvc packageInstaller, IHapiPackageCacheManager packageCache) {
		return new ImplementationGuideInstaller(packageInstaller, packageCache);
	}

	/** Warms the validator beside the rest of start-up; the port opens once it is warm (first request is fast). */
	@Bean
	@ConditionalOnProperty(name = "godstart.conformance.warm-up", havingValue = "true", matchIfMissing = true)
	ValidatorWarmUp validatorWarmUp(GodStartValidator validator) {
		return new ValidatorWarmUp(validator);
	}

	/**
	 * Installs the guide once the application is up (installing a SearchParameter starts a reindex job, and HAPI
	 * registers its batch jobs only when the context is refreshed) and before readiness reports UP.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> guideInstalledBeforeReadiness(
			ConformanceProperties properties, ImplementationGuideInstaller installer) {
		return event -> {
			if (properties.installGuide()) {
				installer.install();
			}
		};
	}
}
