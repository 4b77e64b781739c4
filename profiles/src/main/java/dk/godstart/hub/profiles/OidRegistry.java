package dk.godstart.hub.profiles;

import java.net.URL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why this module ships an {@code oidregistry.csv}.
 *
 * <p>The FHIR validator core ({@code org.hl7.fhir.validation} 6.7) builds a new {@code InstanceValidator} for every
 * validation, and each one reads and parses HL7's OID registry ({@code oidregistry.csv}, 21,350 rows, 1.5 MB inside
 * the {@code org.hl7.fhir.utilities} jar) from the classpath. Profiled on the hub's write path that was about half the
 * CPU of a validated {@code POST} and 10 ms of every validation. The registry is only consulted to decide whether a
 * {@code uri} value such as {@code urn:oid:2.16.840.1.113883.4.1} "resolves" before the validator asks its resource
 * fetcher, which answers that question for such values anyway; the OIDs Danish maternity data uses (CPR, SOR) are not
 * in HL7's registry at all.
 *
 * <p>So this module's own {@code oidregistry.csv} (same columns, the Danish OIDs of the guide) comes first on the
 * classpath and is what the validator reads: a validation does the same checks and reports the same issues, about
 * 10 ms sooner. {@link #check()} says which registry is in use, so a classpath that puts HL7's first is noticed.
 */
public final class OidRegistry {

	static final String RESOURCE = "oidregistry.csv";
	private static final Logger log = LoggerFactory.getLogger(OidRegistry.class);

	private OidRegistry() {}

	/** Where the validator's OID registry comes from; null when none is on the classpath. */
	public static URL inUse() {
		ClassLoader loader = OidRegistry.class.getClassLoader();
		return loader.getResource(RESOURCE);
	}

	/** True when the validator reads this module's registry; logs a warning, once per call, when it does not. */
	public static boolean check() {
		URL registry = inUse();
		URL ours = OidRegistry.class.getProtectionDomain().getCodeSource() == null ? null
				: OidRegistry.class.getProtectionDomain().getCodeSource().getLocation();
		boolean isOurs = registry != null && ours != null && registry.toString().contains(ours.getPath());
		if (!isOurs) {
			log.warn("The FHIR validator reads the OID registry from {}, not from {}: every validation will re-read HL7's "
					+ "registry and take about 10 ms longer (put godstart-profiles before org.hl7.fhir.utilities on the "
					+ "classpath)", registry, ours);
		}
		return isOurs;
	}
}
