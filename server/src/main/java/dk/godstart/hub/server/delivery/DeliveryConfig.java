package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.routes.adt.AdtFeed;
import dk.godstart.hub.routes.delivery.DeliveryFigures;
import dk.godstart.hub.routes.delivery.DeliveryRepository;
import dk.godstart.hub.routes.delivery.EndpointPauses;
import dk.godstart.hub.routes.delivery.NotificationStore;
import dk.godstart.hub.routes.delivery.ReceiverAcknowledgements;
import dk.godstart.hub.routes.delivery.Redelivery;
import dk.godstart.hub.routes.events.EventClassifier;
import dk.godstart.hub.routes.events.OutboxRepository;
import dk.godstart.hub.routes.events.WakeUps;
import dk.godstart.hub.routes.retention.RetentionProperties;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.server.audit.AuditTrail;
import dk.godstart.hub.server.network.NetworkMessages;
import dk.godstart.hub.server.security.AccessPolicy;
import dk.godstart.hub.server.security.MessageSenders;
import java.time.Clock;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The referral workflow's server side: the outbox hook on HAPI's writes, the store camel-routes routes and delivers
 * through ({@link HubDirectory}, {@link NotificationStore} on HAPI's DAOs), and the FHIR operations around it
 * ({@code $redeliver}/{@code $delivery-status}, {@code $process-message}). The routes themselves and their
 * processors wire themselves (camel-routes' {@code GodStartRoutesAutoConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfig {

	@Bean
	OutboxInterceptor outboxInterceptor(OutboxRepository outbox, WakeUps wakeUps, IInterceptorService interceptors) {
		OutboxInterceptor interceptor = new OutboxInterceptor(new EventClassifier(), outbox, wakeUps);
		interceptors.registerInterceptor(interceptor);
		return interceptor;
	}

	@Bean
	HubDirectory hubDirectory(DaoRegistry daos, ConsentChanges consentChanges) {
		return new JpaHubDirectory(daos, consentChanges);
	}

	@Bean
	ConsentChanges consentChanges(JdbcTemplate hubJdbcTemplate, IInterceptorService interceptors) {
		ConsentChanges changes = new ConsentChanges(hubJdbcTemplate);
		interceptors.registerInterceptor(changes);
		return changes;
	}

	@Bean
	EndpointChanges endpointChanges(EndpointPauses pauses, IInterceptorService interceptors) {
		EndpointChanges changes = new EndpointChanges(pauses);
		interceptors.registerInterceptor(changes);
		return changes;
	}

	@Bean
	NotificationStore notificationStore(DaoRegistry daos, AuditTrail auditTrail) {
		return new JpaNotificationStore(daos.getResourceDao(Communication.class), auditTrail);
	}

	@Bean
	NotificationOperationsProvider notificationOperationsProvider(Redelivery redelivery, DeliveryRepository deliveries,
			FhirContext fhirContext, AccessPolicy accessPolicy) {
		return new NotificationOperationsProvider(redelivery, deliveries, fhirContext, accessPolicy);
	}

	@Bean
	OperatorFiguresProvider operatorFiguresProvider(DeliveryFigures deliveryFigures, AdtFeed adtFeed, Clock hubClock) {
		return new OperatorFiguresProvider(deliveryFigures, adtFeed, hubClock);
	}

	@Bean
	InboundAcknowledgements inboundAcknowledgements(Clock hubClock) {
		return new InboundAcknowledgements(hubClock);
	}

	@Bean
	AcknowledgementAnswers acknowledgementAnswers(InboundAcknowledgements acknowledgements, FhirContext fhirContext,
			RetentionProperties retention) {
		return new AcknowledgementAnswers(acknowledgements, fhirContext, retention.keepFor());
	}

	@Bean
	InboundMessageProvider inboundMessageProvider(GodStartValidator validator, DaoRegistry daos, OutboxRepository outbox,
			JdbcTemplate hubJdbcTemplate, TransactionTemplate hubTransactionTemplate, FhirContext fhirContext,
			MessageSenders messageSenders, InboundCapacity inboundCapacity, NetworkMessages networkMessages,
			InboundAcknowledgements acknowledgements, ReceiverAcknowledgements receiverAcknowledgements) {
		return new InboundMessageProvider(validator, daos.getResourceDao(Bundle.class),
				daos.getResourceDao(Patient.class), outbox, hubJdbcTemplate, hubTransactionTemplate,
				fhirContext, messageSenders, inboundCapacity, networkMessages, acknowledgements, receiverAcknowledgements);
	}
}
