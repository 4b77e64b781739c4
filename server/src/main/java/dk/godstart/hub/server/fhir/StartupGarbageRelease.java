package dk.godstart.hub.server.fhir;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Start-up (HAPI's definitions, the validator's warm-up on the guide's examples) leaves a heap several times the size
 * of what the running hub keeps. One full collection just before the web server opens, with G1 told to keep less free
 * heap after full collections, hands that memory back to the operating system, so a node's footprint reflects what
 * it holds, not how it started. Runs once; {@code godstart.memory.release-startup-garbage=false} turns it off.
 */
public class StartupGarbageRelease implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StartupGarbageRelease.class);

	private volatile boolean running;

	@Override
	public void start() {
		MemoryUsage before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		long started = System.nanoTime();
		keepLessFreeHeapAfterFullCollections();
		System.gc();
		MemoryUsage after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		log.info("Released start-up garbage in {} ms: heap used {} -> {} MiB, committed {} -> {} MiB",
				(System.nanoTime() - started) / 1_000_000, before.getUsed() >> 20, after.getUsed() >> 20,
				before.getCommitted() >> 20, after.getCommitted() >> 20);
		running = true;
	}

	/**
	 * G1 keeps up to MaxHeapFreeRatio (70 %) of the heap free after a full collection; at 30 % the heap after start-up
	 * is sized to what the hub holds. Both flags are manageable at run time and G1 consults them only at full
	 * collections, so ordinary (young) collections are unaffected. A JVM without them keeps its own policy.
	 */
	private static void keepLessFreeHeapAfterFullCollections() {
		try {
			HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			if (Integer.parseInt(hotspot.getVMOption("MinHeapFreeRatio").getValue()) > 10) {
				hotspot.setVMOption("MinHeapFreeRatio", "10");
			}
			if (Integer.parseInt(hotspot.getVMOption("MaxHeapFreeRatio").getValue()) > 30) {
				hotspot.setVMOption("MaxHeapFreeRatio", "30");
			}
		} catch (RuntimeException notAvailable) {
			log.debug("Heap free ratios left as they are: {}", notAvailable.toString());
		}
	}

	@Override
	public void stop() {
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** The web server opens the port in its lifecycle phase; work that must be done before traffic runs below it. */
	public static final int WEB_SERVER_PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024;

	/** Just before the web server opens the port, after the validator warm-up. */
	@Override
	public int getPhase() {
		return WEB_SERVER_PHASE - 1;
	}
}
