package dk.godstart.hub.server.drills;

import static dk.godstart.hub.server.drills.Drills.check;
import static dk.godstart.hub.server.drills.Drills.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.database.EmbeddedPostgresServer;
import dk.godstart.hub.server.support.HubIntegrationTest;
import dk.godstart.hub.server.support.MllpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Reliability drill, the disk fills up: a hub from the packaged jar on the embedded default, its PostgreSQL cluster on
 * a small file system of the drill's own (a size-limited tmpfs, mounted here: the drill runs as root, as CI does, and
 * is skipped elsewhere). Writes are taken; then a filler file takes the disk below
 * {@code godstart.storage.min-free-space}: a FHIR create is answered 507 with {@code Retry-After} and an
 * OperationOutcome, an ADT message over MLLP {@code AE}, a read still 200, the health's diskSpace component is DOWN
 * (readiness UP) and the metrics show the refusals and the free space. The filler is deleted: without a restart the
 * refused write and the refused message, sent again, are taken (201, {@code AA}); everything answered 201/AA is stored
 * exactly once, and PostgreSQL never stopped (the same postmaster, a count over the whole store works). Prints
 * "drill disk-full: passed|FAILED - counts".
 *
 * <p>The tmpfs stands for a full disk because PostgreSQL meets it exactly as it meets a full ext4 volume: a write
 * that needs a block gets {@code ENOSPC}, and {@code statvfs} (what the guard reads) reports the same free space
 * that {@code df} does. The guard keeps the cluster from ever getting there, which is what is checked here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskFullDrillIT {

	private static final long MB = 1024 * 1024;
	/** The file system: a fresh cluster with the guide installed takes about 70 MB of it (data 34, WAL 32). */
	private static final long DISK = 160 * MB;
	/** The guard's threshold in the drill; the filler leaves {@link #LEFT_FREE} of it, room for PostgreSQL's WAL. */
	private static final long THRESHOLD = 48 * MB;
	private static final long LEFT_FREE = 32 * MB;
	private static final String HOSPITAL_SOR = "524641000016007"; // demo-hospital, Aalborg obstetrics
	private static final Duration START_WITHIN = Duration.ofMinutes(4);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private final ObjectMapper json = new ObjectMapper();
	private Path mountPoint;
	private boolean mounted;
	private HubProcess hub;
	private int postgresPort;
	private String hospitalToken;
	private String operatorToken;

	@BeforeAll
	void aHubOnASmallDisk() throws Exception {
		mountPoint = Files.createTempDirectory("godstart-disk-full-");
		Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + DISK / MB + "m,mode=0755", "tmpfs",
				mountPoint.toString()).redirectErrorStream(true).start();
		String mountOutput = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
		Assumptions.assumeTrue(mounted, "drill disk-full: skipped - a tmpfs cannot be mounted here (it needs root): "
				+ mountOutput);
		postgresPort = HubProcess.freePort();
		hub = HubProcess.embedded("drill-disk-full", mountPoint.resolve("postgres"), List.of(
				"godstart.embedded-database.port=" + postgresPort,
				"godstart.storage.min-free-space=" + THRESHOLD / MB + "MB",
				"godstart.storage.check-interval=500ms",
				"godstart.fhir.store-retry-after=10s",
				"logging.level.root=WARN",
				"logging.level.dk.godstart=INFO")).start(START_WITHIN);
		hospitalToken = token("demo-hospital");
		operatorToken = token("demo-admin");
	}

	/** A case that failed half-way leaves no filler behind for the next. */
	@AfterEach
	void freeTheDisk() throws IOException {
		if (mounted) {
			Files.deleteIfExists(mountPoint.resolve("filler"));
			Files.deleteIfExists(mountPoint.resolve("filler-to-the-last-byte"));
		}
	}

	@AfterAll
	void unmount() throws Exception {
		try {
			if (hub != null) {
				hub.close();
			}
		} finally {
			if (mounted) {
				// a PostgreSQL left running on the tmpfs by a hub that died would keep it busy: stopped as the hub stops
				// a stale one
				EmbeddedPostgresServer.stopStalePostmaster(mountPoint.resolve("postgres"));
				run("umount", mountPoint.toString());
				if (isMounted()) {
					run("umount", "-l", mountPoint.toString());
				}
			}
			if (mountPoint != null && !isMounted()) {
				Files.deleteIfExists(mountPoint);
			}
		}
	}

	@Test
	@Order(1)
	void theDiskFillsUpAndWritesAreRefusedUntilSpaceIsFreed() throws Exception {
		List<String> failures = new ArrayList<>();
		FileStore disk = Files.getFileStore(mountPoint);
		long usedByTheHub = disk.getTotalSpace() - disk.getUsableSpace();
		long postmaster = postmasterStarted();

		// while there is room: women registered, an admission from the hospital
		List<String> stored = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 5; i++) {
			String cpr = HubIntegrationTest.newCpr();
			check(failures, createPatient(cpr).statusCode() == 201, "a write before the disk filled was not taken");
			stored.add(cpr);
		}
		String admittedBefore = HubIntegrationTest.newCpr();
		check(failures, "AA".equals(admit(admittedBefore, UUID.randomUUID().toString())), "ADT before: not AA");

		// the disk fills (another process's logs, say) until less than the threshold is left
		Path filler = mountPoint.resolve("filler");
		long filled = fill(filler, disk, LEFT_FREE);
		long freeWhileFull = disk.getUsableSpace();

		// the guard reads the disk at most once per check interval, so a write right after the filling may still be
		// taken: each try is a new woman, and one that was taken counts as stored
		AtomicReference<String> lastTried = new AtomicReference<>();
		long fullAt = System.nanoTime();
		HttpResponse<String> refused = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
				.until(() -> {
					String cpr = HubIntegrationTest.newCpr();
					lastTried.set(cpr);
					HttpResponse<String> answer = createPatient(cpr);
					if (answer.statusCode() == 201) {
						stored.add(cpr);
					}
					return answer;
				}, answer -> answer.statusCode() != 201);
		long refusedWithinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fullAt);
		String refusedCpr = lastTried.get();
		JsonNode outcome = json.readTree(refused.body());
		check(failures, refused.statusCode() == 507, "the write on a full disk was answered " + refused.statusCode()
				+ ": " + refused.body());
		check(failures, refused.headers().firstValue("Retry-After").isPresent(), "no Retry-After on the 507");
		check(failures, "OperationOutcome".equals(outcome.path("resourceType").asText())
				&& "no-store".equals(outcome.path("issue").path(0).path("code").asText()),
				"the 507 is not a no-store OperationOutcome: " + refused.body());
		int refusedWrites = 1;
		for (int i = 0; i < 3; i++) {
			refusedWrites += createPatient(refusedCpr).statusCode() == 507 ? 1 : 0;
		}
		check(failures, refusedWrites == 4, (4 - refusedWrites) + " of 4 writes on the full disk not answered 507");

		String refusedMessage = UUID.randomUUID().toString();
		String admittedWhileFull = HubIntegrationTest.newCpr();
		String ackWhileFull = admit(admittedWhileFull, refusedMessage);
		check(failures, "AE".equals(ackWhileFull), "ADT on the full disk answered " + ackWhileFull + ", not AE");

		int reads = 0;
		for (String cpr : stored) {
			reads += patientsWith(cpr) == 1 ? 1 : 0;
		}
		check(failures, reads == stored.size(), (stored.size() - reads) + " reads on the full disk not answered");

		HttpResponse<String> health = get("/actuator/health", operatorToken);
		String diskSpace = json.readTree(health.body()).path("components").path("diskSpace").path("status").asText();
		check(failures, "DOWN".equals(diskSpace), "health's diskSpace is " + diskSpace + ": " + health.body());
		int readiness = get("/actuator/health/readiness", null).statusCode();
		check(failures, readiness == 200, "readiness went down (" + readiness + ") while reads are still served");
		String metrics = get("/actuator/prometheus", operatorToken).body();
		double refusedFhir = metric(metrics, "godstart_storage_writes_refused_total", "entry=\"fhir\"");
		double refusedMllp = metric(metrics, "godstart_storage_writes_refused_total", "entry=\"mllp\"");
		double diskFree = metric(metrics, "disk_free_bytes", "path=\"" + mountPoint.resolve("postgres"));
		check(failures, refusedFhir >= refusedWrites && refusedMllp >= 1,
				"the refusals are not counted: fhir " + refusedFhir + ", mllp " + refusedMllp);
		check(failures, metric(metrics, "godstart_storage_writes_refusing", "") == 1, "refusing gauge not 1");
		check(failures, diskFree >= 0 && diskFree < THRESHOLD, "disk_free_bytes of the store is " + diskFree);

		// space is freed: the same write and the same message, sent again, are taken, without a restart
		Files.delete(filler);
		long freedAt = System.nanoTime();
		HttpResponse<String> again = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
				.until(() -> createPatient(refusedCpr), answer -> answer.statusCode() != 507);
		long takenAgainWithinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freedAt);
		check(failures, again.statusCode() == 201, "the write after freeing was answered " + again.statusCode());
		stored.add(refusedCpr);
		String ackAfter = admit(admittedWhileFull, refusedMessage);
		check(failures, "AA".equals(ackAfter), "the repeated ADT after freeing answered " + ackAfter);
		check(failures, "UP".equals(json.readTree(get("/actuator/health", operatorToken).body())
				.path("components").path("diskSpace").path("status").asText()), "diskSpace not UP after freeing");

		// everything answered 201/AA is there exactly once, and PostgreSQL never stopped
		int once = 0;
		for (String cpr : stored) {
			once += patientsWith(cpr) == 1 ? 1 : 0;
		}
		once += patientsInStore(admittedBefore) == 1 ? 1 : 0;
		once += patientsInStore(admittedWhileFull) == 1 ? 1 : 0;
		int expected = stored.size() + 2;
		check(failures, once == expected, (expected - once) + " of " + expected + " stored writes not there exactly once");
		check(failures, postmasterStarted() == postmaster, "PostgreSQL restarted during the drill");
		long resources = count("SELECT count(*) FROM hfj_resource");
		check(failures, hub.running(), "the hub process died");

		summary("disk-full", failures, "tmpfs %d MB (hub used %d MB), guard below %d MB, filled %d MB to %d MB "
						+ "free; %d writes refused 507 (first within %d ms), 1 ADT AE, %d reads 200, diskSpace %s, "
						+ "readiness %d, refused counted fhir=%.0f mllp=%.0f; after freeing taken again within %d ms "
						+ "(%d, %s); %d of %d stored exactly once, %d resources, PostgreSQL %s", DISK / MB, usedByTheHub / MB, THRESHOLD / MB,
				filled / MB, freeWhileFull / MB, refusedWrites, refusedWithinMillis, reads, diskSpace, readiness,
				refusedFhir, refusedMllp, takenAgainWithinMillis, again.statusCode(), ackAfter, once, expected, resources,
				postmasterStarted() == postmaster ? "not restarted" : "restarted");
		assertThat(failures).as(hub.tail()).isEmpty();
	}

	/**
	 * Without the guard ({@code min-free-space: 0}) the disk is filled to the last byte, so PostgreSQL meets it itself:
	 * a write is then answered 507 (its "disk full", SQLSTATE 53100) or 503 (PostgreSQL restarting after a PANIC),
	 * never 201 for something not stored and never 500; once the filler is deleted the same write is taken again,
	 * without a restart of the hub, and everything answered 201/AA is there exactly once.
	 */
	@Test
	@Order(2)
	void withoutTheGuardPostgresMeetsTheFullDiskItselfAndTheHubRecoversOnceSpaceIsFreed() throws Exception {
		Assumptions.assumeTrue(hub != null, "the guarded drill's hub did not start");
		hub.stop();
		hub = HubProcess.embedded("drill-disk-full-unguarded", mountPoint.resolve("postgres"), List.of(
				"godstart.embedded-database.port=" + postgresPort,
				"godstart.storage.min-free-space=0",
				"godstart.fhir.store-retry-after=10s",
				"logging.level.root=WARN",
				"logging.level.dk.godstart=INFO")).start(START_WITHIN);
		List<String> failures = new ArrayList<>();
		FileStore disk = Files.getFileStore(mountPoint);
		long postmaster = postmasterStarted();
		List<String> stored = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String cpr = HubIntegrationTest.newCpr();
			check(failures, createPatient(cpr).statusCode() == 201, "a write before the disk filled was not taken");
			stored.add(cpr);
		}

		Path filler = mountPoint.resolve("filler-to-the-last-byte");
		long filled = fillToTheLastByte(filler);
		long freeWhileFull = disk.getUsableSpace();
		String refusedCpr = HubIntegrationTest.newCpr();
		List<Integer> whileFull = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			whileFull.add(createPatient(refusedCpr).statusCode());
		}
		String refusedMessage = UUID.randomUUID().toString();
		String admittedWhileFull = HubIntegrationTest.newCpr();
		String ackWhileFull = admit(admittedWhileFull, refusedMessage);
		int readWhileFull = get("/fhir/Patient?identifier=" + GodStartIg.CPR_SYSTEM + "%7C" + stored.get(0), hospitalToken)
				.statusCode();
		// PostgreSQL may still find room in pages it has (then 201, and the repeat of the conditional create 200)
		boolean storeTookTheWrite = whileFull.contains(201);
		int firstTaken = whileFull.indexOf(201);
		boolean answeredAsStored = true;
		for (int i = 0; i < whileFull.size(); i++) {
			int status = whileFull.get(i);
			answeredAsStored &= status == 507 || status == 503 || (status == 201 && i == firstTaken)
					|| (status == 200 && firstTaken >= 0 && i > firstTaken);
		}
		check(failures, answeredAsStored, "writes on the full disk answered " + whileFull
				+ " (507/503 expected, or 201 then 200 for its repeats; never 500)");
		check(failures, "AE".equals(ackWhileFull) || "AA".equals(ackWhileFull), "ADT on the full disk: " + ackWhileFull);

		Files.delete(filler);
		long freedAt = System.nanoTime();
		HttpResponse<String> again = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
				.ignoreExceptions().until(() -> createPatient(refusedCpr), answer -> answer.statusCode() < 500);
		long takenAgainWithinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freedAt);
		check(failures, again.statusCode() == (storeTookTheWrite ? 200 : 201),
				"the write after freeing was answered " + again.statusCode());
		stored.add(refusedCpr);
		String ackAfter = admit(admittedWhileFull, refusedMessage);
		check(failures, "AA".equals(ackAfter), "the repeated ADT after freeing answered " + ackAfter);

		int once = 0;
		for (String cpr : stored) {
			once += patientsInStore(cpr) == 1 ? 1 : 0;
		}
		once += patientsInStore(admittedWhileFull) == 1 ? 1 : 0;
		int expected = stored.size() + 1;
		check(failures, once == expected, (expected - once) + " of " + expected + " stored writes not there exactly once");
		boolean restarted = postmasterStarted() != postmaster;
		long resources = count("SELECT count(*) FROM hfj_resource");
		check(failures, hub.running(), "the hub process died");

		summary("disk-full-unguarded", failures, "filled %d MB to %d bytes free; writes answered %s, ADT %s, "
						+ "a read %d; after freeing taken again within %d ms (%d, %s); %d of %d stored exactly once, "
						+ "%d resources, PostgreSQL %s", filled / MB, freeWhileFull, whileFull,
				ackWhileFull, readWhileFull, takenAgainWithinMillis, again.statusCode(), ackAfter, once, expected, resources,
				restarted ? "restarted itself (PANIC, crash recovery)" : "not restarted" + (storeTookTheWrite
						? " (it found room in existing pages)" : ""));
		assertThat(failures).as(hub.tail()).isEmpty();
	}

	/** Writes a file until the file system refuses even a page; returns its size. */
	private static long fillToTheLastByte(Path filler) throws IOException {
		long written = 0;
		try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			for (int size : new int[] {(int) MB, 4096, 1}) {
				ByteBuffer block = ByteBuffer.allocate(size);
				try {
					while (true) {
						block.clear();
						written += channel.write(block);
					}
				} catch (IOException noSpaceLeft) {
					// on to smaller pieces, down to the last byte
				}
			}
		}
		return written;
	}

	/** Writes a file of zeros until the disk has less than {@code leaveFree} usable; returns its size. */
	private static long fill(Path filler, FileStore disk, long leaveFree) throws IOException {
		ByteBuffer block = ByteBuffer.allocate((int) MB);
		long written = 0;
		try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			while (disk.getUsableSpace() > leaveFree) {
				block.clear();
				written += channel.write(block);
			}
			channel.force(true);
		}
		return written;
	}

	private HttpResponse<String> createPatient(String cpr) throws Exception {
		String patient = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + GodStartIg.CPR_SYSTEM
				+ "\",\"value\":\"" + cpr + "\"}],\"name\":[{\"family\":\"Drill\",\"given\":[\"Disk\"]}]}";
		// conditional, as an EHR that sends again what it got no answer to does: a repeat of a stored write is 200
		return http.send(request("/fhir/Patient", hospitalToken).header("Content-Type", "application/fhir+json")
				.header("If-None-Exist", "identifier=" + GodStartIg.CPR_SYSTEM + "|" + cpr)
				.POST(HttpRequest.BodyPublishers.ofString(patient)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** How many Patients with {@code cpr} the hospital finds (its read must be answered 200). */
	private int patientsWith(String cpr) throws Exception {
		HttpResponse<String> found = get("/fhir/Patient?identifier=" + GodStartIg.CPR_SYSTEM + "%7C" + cpr, hospitalToken);
		if (found.statusCode() != 200) {
			return -found.statusCode();
		}
		return json.readTree(found.body()).path("entry").size();
	}

	/** An ADT A01 of the demo hospital for a woman with {@code cpr}; returns MSA-1. */
	private String admit(String cpr, String controlId) {
		String message = Drills.admission(HOSPITAL_SOR, cpr, controlId.substring(0, 18), "V" + controlId.substring(0, 8));
		try (MllpClient hospital = new MllpClient(hub.mllpPort())) {
			return MllpClient.field(hospital.send(message), "MSA", 1);
		}
	}

	private long patientsInStore(String cpr) throws Exception {
		return count("SELECT count(DISTINCT res_id) FROM hfj_spidx_token WHERE res_type = 'Patient' "
				+ "AND sp_name = 'identifier' AND sp_value = '" + cpr + "'");
	}

	private long postmasterStarted() throws Exception {
		return count("SELECT (extract(epoch FROM pg_postmaster_start_time()) * 1000)::bigint");
	}

	private long count(String sql) throws Exception {
		return DrillDatabase.on("jdbc:postgresql://127.0.0.1:" + postgresPort + "/godstart", "postgres", "").count(sql);
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.rootUrl() + path))
				.timeout(Duration.ofSeconds(30));
		return token == null ? request : request.header("Authorization", "Bearer " + token);
	}

	/** A token of the hub's own issuer for a demo client (the embedded default runs the demo profile). */
	private String token(String client) throws Exception {
		HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(hub.rootUrl() + "/oauth2/token"))
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
						(client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		return json.readTree(issued.body()).get("access_token").asText();
	}

	/** The value of a Prometheus sample whose labels contain {@code label}; -1 if there is none. */
	private static double metric(String metrics, String name, String label) {
		Matcher sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
				.matcher(metrics);
		while (sample.find()) {
			if (label.isEmpty() || String.valueOf(sample.group(1)).contains(label)) {
				return Double.parseDouble(sample.group(2));
			}
		}
		return -1;
	}

	private boolean isMounted() throws IOException {
		return mountPoint != null && Files.readAllLines(Path.of("/proc/mounts")).stream()
				.anyMatch(line -> line.split(" ")[1].equals(mountPoint.toString()));
	}

	private static void run(String... command) throws Exception {
		new ProcessBuilder(command).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
	}
}
