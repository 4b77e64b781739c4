package dk.godstart.hub.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Parses the FHIR R4 core StructureDefinitions on a second core while Spring builds the context.
 *
 * <p>HAPI parses about 4 MB of core definitions (XML) the first time anything needs them — the search-parameter
 * extractor's FHIRPath engine does, halfway through start-up, on the main thread. HAPI keeps the parsed definitions
 * once per FHIR version for the whole JVM, so loading them early in the background takes that work off the start-up
 * path; if the main thread gets there first it simply does the work itself.
 */
public class FhirDefinitionsPreloader implements ApplicationListener<ApplicationStartingEvent> {

	private static final Logger log = LoggerFactory.getLogger(FhirDefinitionsPreloader.class);

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		Thread preload = new Thread(FhirDefinitionsPreloader::preload, "fhir-definitions-preload");
		preload.setDaemon(true);
		preload.setPriority(Thread.NORM_PRIORITY - 1);
		preload.start();
	}

	private static void preload() {
		long started = System.nanoTime();
		try {
			int count = new DefaultProfileValidationSupport(FhirContext.forR4Cached())
					.fetchAllStructureDefinitions()
					.size();
			log.debug("Preloaded {} FHIR R4 core definitions in {} ms", count, (System.nanoTime() - started) / 1_000_000);
		} catch (RuntimeException e) {
			// Only an optimisation: HAPI loads the definitions itself when it needs them.
			log.debug("Preloading FHIR definitions failed; HAPI will load them on demand", e);
		}
	}
}
