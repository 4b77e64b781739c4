package dk.godstart.hub.server.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dk.godstart.hub.server.audit.AuditTrail;
import dk.godstart.hub.server.fhir.StoreFailureAnswers;
import java.time.Clock;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Access control inside the FHIR API: who the caller is and what its scopes allow ({@link CallerInterceptor}),
 * what it sees ({@link OrganisationScopedConsent}), what a conditional write may match ({@link ConditionalMatches}), what it may write ({@link WriteGuard}), and the grants and audit
 * records every write leaves ({@link AccessRecorder}). The last two act on every write, the hub's own included, so
 * they are registered with HAPI's storage interceptors; the others only concern REST requests.
 */
@Configuration(proxyBeanMethods = false)
public class AccessControlConfig {

	@Bean
	ProblemResponses problemResponses(FhirContext fhirContext, ObjectProvider<AuditTrail> auditTrail) {
		return new ProblemResponses(fhirContext, auditTrail);
	}

	@Bean
	AccessGrants accessGrants(JdbcTemplate hubJdbcTemplate) {
		return new AccessGrants(hubJdbcTemplate);
	}

	@Bean
	CallerOrganisations callerOrganisations(DaoRegistry daos, SecurityProperties properties) {
		return new CallerOrganisations(daos.getResourceDao(Organization.class), properties.organisationCacheTtl());
	}

	@Bean
	AccessPolicy accessPolicy(FhirContext fhirContext, CallerOrganisations callerOrganisations, AccessGrants accessGrants,
			DaoRegistry daos, NetworkVisibility networkVisibility) {
		return new AccessPolicy(fhirContext, callerOrganisations, accessGrants, daos.getResourceDao(Contract.class),
				id -> daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails()),
				Clock.systemUTC(), networkVisibility);
	}

	@Bean
	MessageSenders messageSenders(CallerOrganisations callerOrganisations, DaoRegistry daos, AccessGrants accessGrants) {
		return new MessageSenders(callerOrganisations, daos.getResourceDao(Organization.class), accessGrants);
	}

	@Bean
	CallerInterceptor callerInterceptor(SecurityProperties properties) {
		return new CallerInterceptor(properties);
	}

	@Bean
	OrganisationScopedConsent organisationScopedConsent(AccessPolicy accessPolicy) {
		return new OrganisationScopedConsent(accessPolicy);
	}

	@Bean
	ConditionalMatches conditionalMatches(AccessPolicy accessPolicy, DaoRegistry daos,
			ca.uhn.fhir.jpa.searchparam.MatchUrlService matchUrlService, FhirContext fhirContext) {
		return new ConditionalMatches(accessPolicy, daos, matchUrlService, fhirContext);
	}

	@Bean
	ErrorMasking errorMasking(StoreFailureAnswers storeFailures) {
		return new ErrorMasking(storeFailures);
	}

	@Bean
	WriteGuard writeGuard(AccessPolicy accessPolicy, IInterceptorService interceptors) {
		WriteGuard guard = new WriteGuard(accessPolicy);
		interceptors.registerInterceptor(guard);
		return guard;
	}

	@Bean
	AccessRecorder accessRecorder(AccessPolicy accessPolicy, CallerOrganisations callerOrganisations,
			AccessGrants accessGrants, AuditTrail auditTrail, IInterceptorService interceptors, DaoRegistry daos) {
		AccessRecorder recorder = new AccessRecorder(accessPolicy, callerOrganisations, accessGrants, auditTrail,
				daos.getResourceDao(org.hl7.fhir.r4.model.Communication.class));
		interceptors.registerInterceptor(recorder);
		return recorder;
	}
}
