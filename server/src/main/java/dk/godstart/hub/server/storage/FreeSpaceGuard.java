package dk.godstart.hub.server.storage;

import dk.godstart.hub.routes.store.StoreFailure;
import dk.godstart.hub.routes.store.StoreSpace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses writes while the disk of the store's data directory has less than the configured free space
 * ({@link FreeSpaceRule}), and takes them again by itself once space is freed: no restart. The free space is read
 * (one {@code statvfs}) at most once per {@code checkInterval}, by the request that finds the last reading too old, so
 * a write can follow the disk's crossing of the threshold by at most that long; the threshold is the room for it.
 * Refusals are counted as {@code godstart.storage.writes.refused} (tag {@code entry}: fhir, mllp); the gauge
 * {@code godstart.storage.writes.refusing} is 1 while writes are refused.
 */
public class FreeSpaceGuard implements StoreSpace {

	private static final Logger log = LoggerFactory.getLogger(FreeSpaceGuard.class);

	/** One reading of the usable bytes of the disk. */
	@FunctionalInterface
	interface UsableSpace {
		long bytes() throws IOException;
	}

	private final Path directory;
	private final UsableSpace usableSpace;
	private final FreeSpaceRule rule;
	private final long checkIntervalNanos;
	private final LongSupplier nanoTime;
	private final MeterRegistry registry;

	private volatile long readAt;
	private volatile boolean refusing;
	private volatile boolean read;

	public FreeSpaceGuard(Path directory, FreeSpaceRule rule, Duration checkInterval, MeterRegistry registry) {
		this(directory, fileStore(directory)::getUsableSpace, rule, checkInterval, registry, System::nanoTime);
	}

	FreeSpaceGuard(Path directory, UsableSpace usableSpace, FreeSpaceRule rule, Duration checkInterval,
			MeterRegistry registry, LongSupplier nanoTime) {
		this.directory = directory;
		this.usableSpace = usableSpace;
		this.rule = rule;
		this.checkIntervalNanos = checkInterval.toNanos();
		this.nanoTime = nanoTime;
		this.registry = registry;
		for (String entry : new String[] {"fhir", "mllp"}) {
			refusedCounter(entry);
		}
		Gauge.builder("godstart.storage.writes.refusing", this, guard -> guard.takesWrites() ? 0 : 1)
				.description("1 while writes are refused because the store's disk is below godstart.storage.min-free-space")
				.register(registry);
		log.info("Writes are refused while the disk of {} has less than {} bytes free", directory, rule.minFreeBytes());
	}

	private static FileStore fileStore(Path directory) {
		try {
			return Files.getFileStore(directory);
		} catch (IOException e) {
			throw new IllegalStateException("godstart.storage.path: the store's data directory " + directory
					+ " cannot be watched (" + e + "); it must exist", e);
		}
	}

	public Path directory() {
		return directory;
	}

	@Override
	public Optional<StoreFailure> refusal(String entryPoint) {
		if (takesWrites()) {
			return Optional.empty();
		}
		refusedCounter(entryPoint).increment();
		return Optional.of(StoreFailure.FULL);
	}

	/** Whether a write may go to the store now, from a reading at most {@code checkInterval} old. */
	public boolean takesWrites() {
		long now = nanoTime.getAsLong();
		if (!read || now - readAt >= checkIntervalNanos) {
			readAt = now;
			read = true;
			OptionalLong usable = readUsableSpace();
			boolean refuse = !rule.takesWrites(usable);
			if (refuse != refusing) {
				refusing = refuse;
				if (refuse) {
					log.warn("The store's disk ({}) has {} bytes free, less than godstart.storage.min-free-space ({}): "
							+ "writes are refused (507, AE) until space is freed; reads go on", directory,
							usable.orElse(-1), rule.minFreeBytes());
				} else {
					log.warn("The store's disk ({}) has {} bytes free again: writes are taken", directory,
							usable.orElse(-1));
				}
			}
		}
		return !refusing;
	}

	private OptionalLong readUsableSpace() {
		try {
			return OptionalLong.of(usableSpace.bytes());
		} catch (IOException e) {
			log.warn("The free space of {} could not be read ({}); writes are taken", directory, e.toString());
			return OptionalLong.empty();
		}
	}

	private Counter refusedCounter(String entryPoint) {
		return Counter.builder("godstart.storage.writes.refused").tag("entry", entryPoint)
				.description("Writes refused because the store's disk is below godstart.storage.min-free-space")
				.register(registry);
	}
}
