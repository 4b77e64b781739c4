package dk.godstart.hub.server.fhir;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The FHIR REST endpoint at {@code /fhir}: HAPI's RestfulServer with the JPA resource providers. */
@Configuration(proxyBeanMethods = false)
public class FhirRestfulServerConfig {

	/**
	 * HAPI's REST server, built in the singleton phase. Not a bean of its own: a bean of a servlet type is created
	 * while the web server is (see {@link FhirServlet} why that is slow).
	 */
	@Bean
	FhirEndpoint fhirEndpoint(
			FhirServerProperties properties,
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			ObjectProvider<HubServerInterceptor> interceptors,
			ObjectProvider<HubOperationProvider> operations,
			ObjectProvider<HubResourceProvider> ownResourceProviders) {
		RestfulServer server = new RestfulServer(systemDao.getContext());
		java.util.List<HubResourceProvider> own = ownResourceProviders.orderedStream().toList();
		java.util.Set<Class<?>> ownTypes = new java.util.HashSet<>();
		own.forEach(provider -> ownTypes.add(((ca.uhn.fhir.rest.server.IResourceProvider) provider).getResourceType()));
		// a type the hub serves itself is not also served from HAPI's generic JPA provider
		server.registerProviders(resourceProviders.createProviders().stream()
				.filter(provider -> !(provider instanceof ca.uhn.fhir.rest.server.IResourceProvider jpa)
						|| !ownTypes.contains(jpa.getResourceType()))
				.toList());
		own.forEach(server::registerProvider);
		server.registerProvider(systemProvider);
		operations.orderedStream().forEach(server::registerProvider);
		server.setServerConformanceProvider(new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport));

		pagingProvider.setDefaultPageSize(properties.defaultPageSize());
		pagingProvider.setMaximumPageSize(properties.maxPageSize());
		server.setPagingProvider(pagingProvider);

		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setServerAddressStrategy(
				properties.serverAddress().isBlank()
						? new IncomingRequestAddressStrategy()
						: new HardcodedServerAddressStrategy(properties.serverAddress()));
		interceptors.orderedStream().forEach(server::registerInterceptor);
		return new FhirEndpoint(server);
	}

	/** HAPI's RestfulServer, held by a bean that is not a servlet, so that the servlet can ask for it late. */
	public record FhirEndpoint(RestfulServer server) {}

	@Bean
	@ConditionalOnProperty(name = "godstart.memory.release-startup-garbage", havingValue = "true", matchIfMissing = true)
	StartupGarbageRelease startupGarbageRelease() {
		return new StartupGarbageRelease();
	}

	@Bean
	StoreFailureAnswers storeFailureAnswers(FhirServerProperties properties, ca.uhn.fhir.context.FhirContext fhirContext) {
		return new StoreFailureAnswers(fhirContext, properties.storeRetryAfter());
	}

	/** Outermost, around security and the size limit: every path answers a failing store as the FHIR API does. */
	@Bean
	FilterRegistrationBean<StoreFailureFilter> storeFailureFilter(StoreFailureAnswers answers) {
		FilterRegistrationBean<StoreFailureFilter> registration = new FilterRegistrationBean<>(new StoreFailureFilter(answers));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** The servlet at /fhir; it needs only a way to the endpoint, so creating it creates nothing of HAPI's. */
	@Bean
	FhirServlet fhirServlet(ObjectProvider<FhirEndpoint> endpoint) {
		return new FhirServlet(() -> endpoint.getObject().server());
	}

	@Bean
	ServletRegistrationBean<FhirServlet> fhirServletRegistration(FhirServlet fhirServlet) {
		ServletRegistrationBean<FhirServlet> registration = new ServletRegistrationBean<>(fhirServlet, "/fhir/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	/** Marks the interceptors (Spring beans) that belong on the REST endpoint; each later concern adds its own. */
	public interface HubServerInterceptor {}

	/** Marks the hub's own operation providers (plain HAPI providers, Spring beans) served at {@code /fhir}. */
	public interface HubOperationProvider {}

	/**
	 * Marks a resource provider of the hub's own (an {@code IResourceProvider} bean) that serves its type instead of
	 * HAPI's JPA provider, e.g. the audit trail.
	 */
	public interface HubResourceProvider {}
}
