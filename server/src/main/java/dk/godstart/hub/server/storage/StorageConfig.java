package dk.godstart.hub.server.storage;

import dk.godstart.hub.routes.store.StoreSpace;
import dk.godstart.hub.server.database.EmbeddedPostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.metrics.system.DiskSpaceMetricsBinder;
import org.springframework.boot.actuate.system.DiskSpaceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The store's disk, watched: on the embedded default its data directory, with an external database the directory an
 * operator names in {@code godstart.storage.path} (a mounted volume), else nothing. While it has less than
 * {@code godstart.storage.min-free-space} free, FHIR writes are answered 507 and ADT messages {@code AE}
 * ({@link FreeSpaceGuard}); Spring Boot's own disk-space health indicator and {@code disk.free}/{@code disk.total}
 * metrics watch the same directory with the same threshold, in place of their default (the working directory).
 *
 * <p>What is kept free is for what must go on: reads (their audit records are written before their answer leaves, so
 * a read whose record cannot be written fails instead of being answered unaudited), the audit records of refusals,
 * and the routes. The routes (outbox routing, deliveries, subscription events, retention) are not held back: they
 * only carry on work the hub has already taken and acknowledged, in small rows of bookkeeping, and holding them back
 * would hold back referrals already promised to their receivers; retention's deletes are what frees space inside
 * PostgreSQL. Readiness stays UP, since reads are served.
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfig {

	@Bean
	StoreSpaceInterceptor storeSpaceInterceptor(StoreSpace storeSpace) {
		return new StoreSpaceInterceptor(storeSpace);
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(WatchedStoreCondition.class)
	static class WatchedStore {

		@Bean
		FreeSpaceGuard freeSpaceGuard(StorageProperties properties, ObjectProvider<EmbeddedPostgresServer> embedded,
				MeterRegistry registry) {
			Path directory = properties.path().isBlank()
					? embedded.getObject().dataDirectory()
					: Path.of(properties.path()).toAbsolutePath().normalize();
			return new FreeSpaceGuard(directory, new FreeSpaceRule(properties.minFreeSpace().toBytes()),
					properties.checkInterval(), registry);
		}

		/** Replaces Boot's (by name): DOWN while writes are refused; readiness does not include it (application.yaml). */
		@Bean
		DiskSpaceHealthIndicator diskSpaceHealthIndicator(FreeSpaceGuard freeSpaceGuard, StorageProperties properties) {
			return new DiskSpaceHealthIndicator(freeSpaceGuard.directory().toFile(), properties.minFreeSpace());
		}

		/** Replaces Boot's (by type): {@code disk.free} and {@code disk.total} of the store's disk, tag {@code path}. */
		@Bean
		DiskSpaceMetricsBinder diskSpaceMetrics(FreeSpaceGuard freeSpaceGuard) {
			return new DiskSpaceMetricsBinder(List.of(freeSpaceGuard.directory().toFile()), Tags.empty());
		}
	}
}
