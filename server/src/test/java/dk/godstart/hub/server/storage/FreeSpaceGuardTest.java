package dk.godstart.hub.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.routes.store.StoreFailure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard over a disk whose free space the test sets ({@code DiskFullDrillIT} fills a real small file system),
 * with a threshold of 100 MB, reading the disk at most once a second.
 */
class FreeSpaceGuardTest {

	private static final long MB = 1024 * 1024;

	@TempDir
	Path dataDirectory;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
	private final AtomicLong now = new AtomicLong();
	private final AtomicLong free = new AtomicLong(500 * MB);
	private final AtomicInteger readings = new AtomicInteger();
	private final FreeSpaceGuard guard = new FreeSpaceGuard(Path.of("/data/postgres"), () -> {
		readings.incrementAndGet();
		return free.get();
	}, new FreeSpaceRule(100 * MB), Duration.ofSeconds(1), registry, now::get);

	@Test
	void aDiskWithRoomTakesWrites() {
		assertThat(guard.refusal("fhir")).isEmpty();
		assertThat(refused("fhir")).isZero();
		assertThat(refusing()).isZero();
	}

	@Test
	void aDiskBelowTheThresholdRefusesWritesAsAFullStoreAndCountsThem() {
		free.set(99 * MB);

		assertThat(guard.refusal("fhir")).contains(StoreFailure.FULL);
		assertThat(guard.refusal("mllp")).contains(StoreFailure.FULL);
		assertThat(guard.refusal("mllp")).contains(StoreFailure.FULL);

		assertThat(refused("fhir")).isEqualTo(1);
		assertThat(refused("mllp")).isEqualTo(2);
		assertThat(refusing()).isEqualTo(1);
	}

	@Test
	void theDiskIsReadAtMostOncePerIntervalAndAFillingDiskIsSeenWithinIt() {
		assertThat(guard.takesWrites()).isTrue();
		free.set(10 * MB);
		now.addAndGet(Duration.ofMillis(999).toNanos());

		assertThat(guard.takesWrites()).as("the last reading is still trusted").isTrue();
		assertThat(readings).hasValue(1);

		now.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(guard.takesWrites()).as("one interval after the disk filled").isFalse();
		assertThat(readings).hasValue(2);
	}

	@Test
	void writesAreTakenAgainOnceSpaceIsFreedWithoutARestart() {
		free.set(10 * MB);
		assertThat(guard.takesWrites()).isFalse();

		free.set(300 * MB);
		now.addAndGet(Duration.ofSeconds(1).toNanos());

		assertThat(guard.refusal("fhir")).isEmpty();
		assertThat(refusing()).isZero();
	}

	@Test
	void aDiskThatCannotBeReadTakesWrites() {
		FreeSpaceGuard unreadable = new FreeSpaceGuard(Path.of("/data/postgres"), () -> {
			throw new IOException("Input/output error");
		}, new FreeSpaceRule(100 * MB), Duration.ofSeconds(1), new SimpleMeterRegistry(), now::get);

		assertThat(unreadable.refusal("fhir")).isEmpty();
	}

	@Test
	void aRealDirectoryIsWatchedOnItsFileSystem() {
		FreeSpaceGuard real = new FreeSpaceGuard(dataDirectory, new FreeSpaceRule(Long.MAX_VALUE), Duration.ofSeconds(1),
				new SimpleMeterRegistry());

		assertThat(real.refusal("fhir")).as("no disk has Long.MAX_VALUE bytes free").contains(StoreFailure.FULL);
	}

	private double refused(String entry) {
		return registry.get("godstart.storage.writes.refused").tag("entry", entry).counter().count();
	}

	private double refusing() {
		return registry.get("godstart.storage.writes.refusing").gauge().value();
	}
}
