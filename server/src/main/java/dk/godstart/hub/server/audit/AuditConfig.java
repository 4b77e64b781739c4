package dk.godstart.hub.server.audit;

import ca.uhn.fhir.context.FhirContext;
import dk.godstart.hub.server.security.AccessPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The audit trail: a record written with each request, served read-only as AuditEvent. */
@Configuration(proxyBeanMethods = false)
public class AuditConfig {

	@Bean
	AuditRecords auditRecords(JdbcTemplate hubJdbcTemplate, PlatformTransactionManager transactionManager, FhirContext fhirContext) {
		return new AuditRecords(hubJdbcTemplate, transactionManager, fhirContext);
	}

	@Bean
	AuditTrail auditTrail(AuditRecords auditRecords, AccessPolicy accessPolicy) {
		return new AuditTrail(auditRecords, accessPolicy);
	}

	@Bean
	AuditEventProvider auditEventProvider(AuditRecords auditRecords, AuditTrail auditTrail, FhirContext fhirContext) {
		return new AuditEventProvider(auditRecords, auditTrail, fhirContext);
	}
}
