package dk.godstart.hub.server.adt;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import dk.godstart.hub.routes.adt.AdtSenderAudit;
import dk.godstart.hub.routes.adt.AdtStore;
import dk.godstart.hub.routes.adt.AdtToFhir;
import dk.godstart.hub.routes.dedup.IdempotentInbox;
import dk.godstart.hub.routes.postnatal.PostnatalRule;
import dk.godstart.hub.routes.routing.RoutingPolicy;
import dk.godstart.hub.server.audit.AuditRecords;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hospitals' HL7 v2 ADT feed inside the server: the MLLP listener route (camel-routes {@code adt/}) wired to a
 * store on HAPI's DAOs (the mapping, the postnatal rule and the message keys are camel-routes' {@code adt/},
 * {@code postnatal/} and {@code dedup/}). Events the stored Encounters announce (admission, discharge) go through the
 * outbox like any write.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PostnatalProperties.class)
public class AdtConfig {

	@Bean
	AdtStore adtStore(DaoRegistry daos, JdbcTemplate hubJdbcTemplate, TransactionTemplate hubTransactionTemplate,
			RoutingPolicy routingPolicy, PostnatalProperties postnatal, Clock hubClock) {
		return new JpaAdtStore(daos, IdempotentInbox.hl7v2Messages(hubJdbcTemplate), hubTransactionTemplate,
				new AdtToFhir(), new PostnatalRule(postnatal.visitWithin()), routingPolicy, hubClock);
	}

	/** The TLS listener's refused senders, in the audit trail. */
	@Bean
	AdtSenderAudit adtSenderAudit(AuditRecords auditRecords) {
		return new AuditedAdtSenders(auditRecords);
	}

	@Bean
	PostnatalReportProvider postnatalReportProvider(DaoRegistry daos, Clock hubClock) {
		return new PostnatalReportProvider(daos, hubClock);
	}
}
