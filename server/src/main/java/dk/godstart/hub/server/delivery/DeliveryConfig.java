package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.routes.delivery.DataMinimisation;
import dk.godstart.hub.routes.delivery.DeliveryMetrics;
import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.delivery.DeliveryRepository;
import dk.godstart.hub.routes.delivery.HubMessageFactory;
import dk.godstart.hub.routes.delivery.MessageSender;
import dk.godstart.hub.routes.delivery.NotificationDeliverer;
import dk.godstart.hub.routes.delivery.NotificationDeliveryRoute;
import dk.godstart.hub.routes.delivery.NotificationFactory;
import dk.godstart.hub.routes.delivery.NotificationStatusRoute;
import dk.godstart.hub.routes.delivery.NotificationStatusSync;
import dk.godstart.hub.routes.delivery.NotificationStore;
import dk.godstart.hub.routes.delivery.Redelivery;
import dk.godstart.hub.routes.events.EventClassifier;
import dk.godstart.hub.routes.events.EventRouter;
import dk.godstart.hub.routes.events.OutboxEventRoute;
import dk.godstart.hub.routes.events.OutboxRepository;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.routes.routing.RoutingPolicy;
import dk.godstart.hub.routes.events.WakeUps;
import org.apache.camel.ProducerTemplate;
import dk.godstart.hub.server.fhir.FhirServerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import dk.godstart.hub.server.security.MessageSenders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The referral workflow's delivery machinery inside the server: the outbox hook on HAPI's writes, the Camel routes
 * that route and deliver, and the operations around them ({@code $redeliver}, {@code $process-message}).
 * The routes and their processors live in camel-routes; this class only wires them to HAPI and the database.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliveryProperties.class)
public class DeliveryConfig {

	@Bean
	Clock hubClock() {
		return Clock.systemUTC();
	}

	@Bean
	HubNode hubNode() {
		return HubNode.current();
	}

	@Bean
	JdbcTemplate hubJdbcTemplate(DataSource dataSource) {
		return new JdbcTemplate(dataSource);
	}

	@Bean
	TransactionTemplate hubTransactionTemplate(PlatformTransactionManager transactionManager) {
		return new TransactionTemplate(transactionManager);
	}

	@Bean
	OutboxRepository outboxRepository(JdbcTemplate hubJdbcTemplate) {
		return new OutboxRepository(hubJdbcTemplate);
	}

	@Bean
	DeliveryRepository deliveryRepository(JdbcTemplate hubJdbcTemplate) {
		return new DeliveryRepository(hubJdbcTemplate);
	}

	@Bean
	WakeUps wakeUps(ProducerTemplate producer) {
		return new WakeUps(producer);
	}

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
	NotificationStore notificationStore(DaoRegistry daos, dk.godstart.hub.server.audit.AuditTrail auditTrail) {
		return new JpaNotificationStore(daos.getResourceDao(Communication.class), auditTrail);
	}

	@Bean
	RoutingPolicy routingPolicy(HubDirectory directory, Clock hubClock) {
		return new RoutingPolicy(directory, hubClock);
	}

	@Bean
	DeliveryMetrics deliveryMetrics(MeterRegistry registry, OutboxRepository outbox, DeliveryRepository deliveries) {
		return new DeliveryMetrics(registry, outbox, deliveries);
	}

	@Bean
	EventRouter eventRouter(OutboxRepository outbox, DeliveryRepository deliveries, HubDirectory directory,
			RoutingPolicy policy, NotificationStore notifications, TransactionTemplate hubTransactionTemplate,
			DeliveryProperties properties, DeliveryMetrics metrics, HubNode node, Clock hubClock) {
		return new EventRouter(outbox, deliveries, directory, policy, notifications, new NotificationFactory(),
				hubTransactionTemplate, properties, metrics, node.name(), hubClock);
	}

	@Bean
	NotificationDeliverer notificationDeliverer(DeliveryRepository deliveries, RoutingPolicy policy, NotificationStore notifications,
			HubDirectory directory, FhirContext fhirContext, TransactionTemplate hubTransactionTemplate,
			DeliveryProperties properties, DeliveryMetrics metrics, HubNode node, Clock hubClock,
			FhirServerProperties fhirServer, @Value("${server.port:8080}") int serverPort, JdbcTemplate hubJdbcTemplate) {
		String hubBaseUrl = !properties.hubBaseUrl().isBlank() ? properties.hubBaseUrl()
				: !fhirServer.serverAddress().isBlank() ? fhirServer.serverAddress()
				: "http://localhost:" + serverPort + "/fhir";
		return new NotificationDeliverer(deliveries, policy, notifications, new NotificationFactory(),
				new HubMessageFactory(directory, hubBaseUrl, hubClock, new DataMinimisation(hubJdbcTemplate)),
				new MessageSender(properties.connectTimeout(), properties.requestTimeout()), fhirContext,
				hubTransactionTemplate, properties, metrics, node.name(), hubClock);
	}

	@Bean
	Redelivery redelivery(DeliveryRepository deliveries, NotificationStore notifications, HubDirectory directory,
			RoutingPolicy policy, TransactionTemplate hubTransactionTemplate, DeliveryProperties properties,
			Clock hubClock) {
		return new Redelivery(deliveries, notifications, new NotificationFactory(), directory, policy,
				hubTransactionTemplate, properties, hubClock);
	}

	@Bean
	OutboxEventRoute outboxEventRoute(EventRouter router, DeliveryProperties properties) {
		return new OutboxEventRoute(router, properties);
	}

	@Bean
	NotificationDeliveryRoute notificationDeliveryRoute(NotificationDeliverer deliverer, DeliveryProperties properties) {
		return new NotificationDeliveryRoute(deliverer, properties);
	}

	@Bean
	NotificationStatusRoute notificationStatusRoute(DeliveryRepository deliveries, NotificationStore notifications,
			TransactionTemplate hubTransactionTemplate, DeliveryProperties properties) {
		return new NotificationStatusRoute(new NotificationStatusSync(deliveries, notifications, new NotificationFactory(),
				hubTransactionTemplate, properties), properties);
	}

	@Bean
	NotificationOperationsProvider notificationOperationsProvider(Redelivery redelivery, DeliveryRepository deliveries,
			FhirContext fhirContext, dk.godstart.hub.server.security.AccessPolicy accessPolicy) {
		return new NotificationOperationsProvider(redelivery, deliveries, fhirContext, accessPolicy);
	}

	@Bean
	InboundMessageProvider inboundMessageProvider(GodStartValidator validator, DaoRegistry daos, OutboxRepository outbox,
			JdbcTemplate hubJdbcTemplate, TransactionTemplate hubTransactionTemplate, FhirContext fhirContext,
			MessageSenders messageSenders, InboundCapacity inboundCapacity) {
		return new InboundMessageProvider(validator, daos.getResourceDao(Bundle.class),
				daos.getResourceDao(org.hl7.fhir.r4.model.Patient.class), outbox, hubJdbcTemplate, hubTransactionTemplate,
				fhirContext, messageSenders, inboundCapacity);
	}
}
