package dk.godstart.hub.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import dk.godstart.hub.server.security.AccessPolicy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The audit trail: records written with each request, published as AuditEvent resources. */
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
	AuditEventPublisher auditEventPublisher(AuditRecords auditRecords, DaoRegistry daos,
			PlatformTransactionManager transactionManager, AuditProperties properties, MeterRegistry meters) {
		Gauge.builder("godstart.audit.waiting", auditRecords, AuditRecords::waiting)
				.description("audit records not yet published as AuditEvent resources")
				.register(meters);
		return new AuditEventPublisher(auditRecords, daos.getResourceDao(AuditEvent.class), transactionManager, properties);
	}
}
