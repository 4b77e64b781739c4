package dk.godstart.hub.routes;

import ca.uhn.fhir.context.FhirContext;
import dk.godstart.hub.routes.adt.AdtAcknowledgements;
import dk.godstart.hub.routes.adt.AdtFeed;
import dk.godstart.hub.routes.adt.AdtIntake;
import dk.godstart.hub.routes.adt.AdtIntakeRoute;
import dk.godstart.hub.routes.adt.AdtReader;
import dk.godstart.hub.routes.adt.AdtSenderAudit;
import dk.godstart.hub.routes.adt.AdtStore;
import dk.godstart.hub.routes.adt.CertifiedSenders;
import dk.godstart.hub.routes.adt.MllpConnectionGuard;
import dk.godstart.hub.routes.adt.MllpProperties;
import dk.godstart.hub.routes.adt.MllpTls;
import dk.godstart.hub.routes.adt.SendingFacilityRule;
import dk.godstart.hub.routes.cluster.PostgresClusterService;
import dk.godstart.hub.routes.delivery.AcknowledgementWatchRoute;
import dk.godstart.hub.routes.delivery.DataMinimisation;
import dk.godstart.hub.routes.delivery.DeliveryFigures;
import dk.godstart.hub.routes.delivery.DeliveryMetrics;
import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.delivery.DeliveryRepository;
import dk.godstart.hub.routes.delivery.EndpointPauses;
import dk.godstart.hub.routes.delivery.HubMessageFactory;
import dk.godstart.hub.routes.delivery.MessageSender;
import dk.godstart.hub.routes.delivery.NotificationDeliverer;
import dk.godstart.hub.routes.delivery.NotificationDeliveryRoute;
import dk.godstart.hub.routes.delivery.NotificationFactory;
import dk.godstart.hub.routes.delivery.NotificationStatusRoute;
import dk.godstart.hub.routes.delivery.NotificationStatusSync;
import dk.godstart.hub.routes.delivery.NotificationStore;
import dk.godstart.hub.routes.delivery.ReceiverAcknowledgements;
import dk.godstart.hub.routes.delivery.Redelivery;
import dk.godstart.hub.routes.events.EventRouter;
import dk.godstart.hub.routes.events.OutboxEventRoute;
import dk.godstart.hub.routes.events.OutboxRepository;
import dk.godstart.hub.routes.events.WakeUps;
import dk.godstart.hub.routes.queue.HubNode;
import dk.godstart.hub.routes.registry.CapacityPullRoute;
import dk.godstart.hub.routes.registry.CapacityPuller;
import dk.godstart.hub.routes.registry.RegistryCopies;
import dk.godstart.hub.routes.registry.RegistryProperties;
import dk.godstart.hub.routes.retention.Retention;
import dk.godstart.hub.routes.retention.RetentionProperties;
import dk.godstart.hub.routes.retention.RetentionRoute;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.routes.routing.RoutingPolicy;
import dk.godstart.hub.routes.store.StoreOutage;
import dk.godstart.hub.routes.store.StoreOutagePolicy;
import dk.godstart.hub.routes.store.StoreSpace;
import dk.godstart.hub.routes.store.StoreWatchingDataSource;
import dk.godstart.hub.routes.subscriptions.RestHookSender;
import dk.godstart.hub.routes.subscriptions.SubscriptionDeliveryRoute;
import dk.godstart.hub.routes.subscriptions.SubscriptionEndRoute;
import dk.godstart.hub.routes.subscriptions.SubscriptionHeartbeatRoute;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifications;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifier;
import dk.godstart.hub.routes.subscriptions.SubscriptionQueue;
import dk.godstart.hub.routes.subscriptions.SubscriptionSockets;
import dk.godstart.hub.routes.subscriptions.SubscriptionStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * camel-routes wires itself: the queues, the processors and the routes of every flow, on the store the host
 * application provides through the module's interfaces ({@link HubDirectory}, {@link NotificationStore},
 * {@link SubscriptionStore}, {@link SubscriptionSockets}, {@link AdtStore}, {@link RegistryCopies}, optionally
 * {@link StoreSpace}) and its {@link DataSource}. The server only assembles: it implements those interfaces on HAPI and adds the FHIR-side
 * operations. Settings are {@code godstart.delivery.*}, {@code .retention.*}, {@code .registry.*},
 * {@code .mllp.*}, {@code .subscriptions.*} (application.yaml).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = JdbcTemplateAutoConfiguration.class)
@EnableConfigurationProperties({DeliveryProperties.class, RetentionProperties.class, RegistryProperties.class,
		MllpProperties.class})
public class GodStartRoutesAutoConfiguration {

	/** The hub's clock: everything that decides by time asks it, so tests can set it. */
	@Bean
	@ConditionalOnMissingBean
	Clock hubClock() {
		return Clock.systemUTC();
	}

	/** Takes every write unless the host application watches the store's disk (the server does). */
	@Bean
	@ConditionalOnMissingBean
	StoreSpace storeSpace() {
		return StoreSpace.NONE;
	}

	@Bean
	@ConditionalOnMissingBean
	HubNode hubNode() {
		return HubNode.current();
	}

	@Bean
	@ConditionalOnMissingBean(JdbcTemplate.class)
	JdbcTemplate hubJdbcTemplate(DataSource dataSource) {
		return new JdbcTemplate(dataSource);
	}

	@Bean
	@ConditionalOnMissingBean(TransactionTemplate.class)
	TransactionTemplate hubTransactionTemplate(PlatformTransactionManager transactionManager) {
		return new TransactionTemplate(transactionManager);
	}

	/** One node at a time for {@code master:} routes, on the hub's database. */
	@Bean
	PostgresClusterService hubClusterService(HubNode node, DataSource dataSource) {
		return new PostgresClusterService(node.name(), dataSource, Duration.ofSeconds(5));
	}

	/**
	 * This node's circuit breaker on its store: while the store is away, connections are refused at once but for one
	 * look every {@code godstart.delivery.store-probe-interval}, and the routes wait.
	 */
	@Bean
	StoreOutage storeOutage(Clock hubClock, DeliveryProperties properties) {
		return new StoreOutage(hubClock, properties.storeProbeInterval());
	}

	/** {@code godstart_store_available} (1/0) and {@code godstart_store_outages_total}. */
	@Bean
	MeterBinder storeOutageMetrics(StoreOutage outage) {
		return registry -> {
			Gauge.builder("godstart.store.available", outage, o -> o.available() ? 1 : 0)
					.description("1 while this node finds its store there, 0 while it is away").register(registry);
			FunctionCounter.builder("godstart.store.outages", outage, StoreOutage::outages)
					.description("Times this node found its store away").register(registry);
		};
	}

	/** Every connection pool of the host is watched by the {@link StoreOutage} (see {@link StoreWatchingDataSource}). */
	@Bean
	static BeanPostProcessor storeWatchingDataSources(ObjectProvider<StoreOutage> outage) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return bean instanceof DataSource pool && !(bean instanceof StoreWatchingDataSource)
						? new StoreWatchingDataSource(pool, outage.getObject())
						: bean;
			}
		};
	}

	@Bean(StoreOutagePolicy.BEAN)
	StoreOutagePolicy storeOutagePolicy(StoreOutage outage) {
		return new StoreOutagePolicy(outage);
	}

	@Bean
	WakeUps wakeUps(ProducerTemplate producer) {
		return new WakeUps(producer);
	}

	/**
	 * The base of the absolute URLs in outgoing messages and notifications: {@code godstart.delivery.hub-base-url},
	 * else {@code godstart.fhir.server-address}, else {@code http://localhost:<server.port>/fhir}.
	 */
	@Bean
	HubBaseUrl hubBaseUrl(Environment environment) {
		String configured = environment.getProperty("godstart.delivery.hub-base-url", "");
		String server = environment.getProperty("godstart.fhir.server-address", "");
		return new HubBaseUrl(!configured.isBlank() ? configured : !server.isBlank() ? server
				: "http://localhost:" + environment.getProperty("server.port", "8080") + "/fhir");
	}

	/** The base URL the hub's messages name it by. */
	public record HubBaseUrl(String value) {}

	/** Outbox → routing by agreements → durable delivery, and the re-drive of parked notifications. */
	@Configuration(proxyBeanMethods = false)
	static class Delivery {

		@Bean
		OutboxRepository outboxRepository(JdbcTemplate jdbc) {
			return new OutboxRepository(jdbc);
		}

		@Bean
		DeliveryRepository deliveryRepository(JdbcTemplate jdbc) {
			return new DeliveryRepository(jdbc);
		}

		@Bean
		DeliveryFigures deliveryFigures(JdbcTemplate jdbc) {
			return new DeliveryFigures(jdbc);
		}

		@Bean
		EndpointPauses endpointPauses(JdbcTemplate jdbc) {
			return new EndpointPauses(jdbc);
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
				RoutingPolicy policy, NotificationStore notifications, TransactionTemplate transaction,
				DeliveryProperties properties, DeliveryMetrics metrics, HubNode node, Clock hubClock) {
			return new EventRouter(outbox, deliveries, directory, policy, notifications, new NotificationFactory(),
					transaction, properties, metrics, node.name(), hubClock);
		}

		@Bean
		NotificationDeliverer notificationDeliverer(DeliveryRepository deliveries, RoutingPolicy policy,
				NotificationStore notifications, HubDirectory directory, FhirContext fhirContext,
				TransactionTemplate transaction, DeliveryProperties properties, DeliveryMetrics metrics, HubNode node,
				Clock hubClock, HubBaseUrl hubBaseUrl, JdbcTemplate jdbc) {
			return new NotificationDeliverer(deliveries, policy, notifications, new NotificationFactory(),
					new HubMessageFactory(directory, hubBaseUrl.value(), hubClock, new DataMinimisation(jdbc)),
					new MessageSender(properties.connectTimeout(), properties.requestTimeout()), fhirContext,
					transaction, properties, metrics, node.name(), hubClock);
		}

		@Bean
		Redelivery redelivery(DeliveryRepository deliveries, NotificationStore notifications, HubDirectory directory,
				RoutingPolicy policy, TransactionTemplate transaction, DeliveryProperties properties, Clock hubClock) {
			return new Redelivery(deliveries, notifications, new NotificationFactory(), directory, policy, transaction,
					properties, hubClock);
		}

		@Bean
		OutboxEventRoute outboxEventRoute(EventRouter router) {
			return new OutboxEventRoute(router);
		}

		@Bean
		NotificationDeliveryRoute notificationDeliveryRoute(NotificationDeliverer deliverer) {
			return new NotificationDeliveryRoute(deliverer);
		}

		@Bean
		ReceiverAcknowledgements receiverAcknowledgements(DeliveryRepository deliveries, NotificationStore notifications,
				TransactionTemplate transaction, DeliveryProperties properties, DeliveryMetrics metrics, WakeUps wakeUps,
				Clock hubClock) {
			return new ReceiverAcknowledgements(deliveries, notifications, new NotificationFactory(), transaction,
					properties, metrics, wakeUps, hubClock);
		}

		@Bean
		AcknowledgementWatchRoute acknowledgementWatchRoute(ReceiverAcknowledgements acknowledgements) {
			return new AcknowledgementWatchRoute(acknowledgements);
		}

		@Bean
		NotificationStatusRoute notificationStatusRoute(DeliveryRepository deliveries, NotificationStore notifications,
				TransactionTemplate transaction, DeliveryProperties properties) {
			return new NotificationStatusRoute(new NotificationStatusSync(deliveries, notifications,
					new NotificationFactory(), transaction, properties));
		}
	}

	/** Subscription events → rest-hooks and websockets, heartbeats, and subscriptions reaching their end. */
	@Configuration(proxyBeanMethods = false)
	static class Subscriptions {

		@Bean
		SubscriptionQueue subscriptionQueue(JdbcTemplate jdbc) {
			return new SubscriptionQueue(jdbc);
		}

		@Bean
		SubscriptionNotifications subscriptionNotifications(FhirContext fhirContext, HubBaseUrl hubBaseUrl,
				Clock hubClock) {
			return new SubscriptionNotifications(fhirContext, hubBaseUrl.value(), hubClock);
		}

		@Bean
		SubscriptionNotifier subscriptionNotifier(SubscriptionQueue queue, SubscriptionStore store,
				SubscriptionNotifications notifications, SubscriptionSockets sockets, DeliveryProperties delivery,
				HubNode node, Clock hubClock, MeterRegistry registry) {
			return new SubscriptionNotifier(queue, store, notifications,
					new RestHookSender(delivery.connectTimeout(), delivery.requestTimeout()), sockets, delivery,
					node.name(), hubClock, registry);
		}

		@Bean
		SubscriptionDeliveryRoute subscriptionDeliveryRoute(SubscriptionNotifier notifier) {
			return new SubscriptionDeliveryRoute(notifier);
		}

		@Bean
		SubscriptionEndRoute subscriptionEndRoute(SubscriptionNotifier notifier) {
			return new SubscriptionEndRoute(notifier);
		}

		@Bean
		SubscriptionHeartbeatRoute subscriptionHeartbeatRoute(SubscriptionNotifier notifier) {
			return new SubscriptionHeartbeatRoute(notifier);
		}
	}

	/** The hospitals' HL7 v2 ADT feed over MLLP. */
	@Configuration(proxyBeanMethods = false)
	static class Adt {

		@Bean
		AdtFeed adtFeed(JdbcTemplate jdbc) {
			return new AdtFeed(jdbc);
		}

		@Bean
		AdtIntake adtIntake(AdtStore store, MeterRegistry registry, Clock hubClock, StoreSpace storeSpace, AdtFeed feed) {
			return new AdtIntake(new AdtReader(), store, new AdtAcknowledgements(hubClock), registry, storeSpace, feed);
		}

		@Bean
		AdtIntakeRoute adtIntakeRoute(AdtIntake intake, MllpProperties properties, ObjectProvider<SslBundles> sslBundles,
				ObjectProvider<AdtSenderAudit> audit, CamelContext camel, Clock hubClock) {
			SSLContextParameters tls = null;
			if (properties.enabled() && properties.tls().configured()) {
				SslBundles bundles = sslBundles.getIfAvailable();
				if (bundles == null) {
					throw new IllegalStateException("godstart.mllp.tls.bundle is set but Spring's SSL bundles are not available");
				}
				tls = MllpTls.serverParameters(properties.tls().bundle(), bundles.getBundle(properties.tls().bundle()));
			}
			CertifiedSenders senders = new CertifiedSenders(new SendingFacilityRule(properties.senders()),
					audit.getIfAvailable(() -> (certificate, remote, message, reason) -> {}));
			MllpConnectionGuard guard = new MllpConnectionGuard(camel, AdtIntakeRoute.listeners(properties),
					properties.receiveTimeout(), hubClock);
			return new AdtIntakeRoute(intake, properties, tls, senders, guard);
		}
	}

	/** The residential treatment registry's places, copied in by one node. */
	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		CapacityPuller capacityPuller(RegistryProperties properties, RegistryCopies copies, FhirContext fhirContext,
				JdbcTemplate jdbc, TransactionTemplate transaction, Clock hubClock) {
			return new CapacityPuller(properties, copies, fhirContext, jdbc, transaction, hubClock);
		}

		@Bean
		CapacityPullRoute capacityPullRoute(CapacityPuller puller, RegistryProperties properties) {
			return new CapacityPullRoute(puller, properties);
		}
	}

	/** The sweep of finished bookkeeping, by one node. */
	@Configuration(proxyBeanMethods = false)
	static class Retentions {

		@Bean
		Retention retention(DataSource dataSource, RetentionProperties properties, Clock hubClock,
				MeterRegistry registry) {
			return new Retention(dataSource, properties, hubClock, registry);
		}

		@Bean
		RetentionRoute retentionRoute(Retention retention) {
			return new RetentionRoute(retention);
		}
	}
}
