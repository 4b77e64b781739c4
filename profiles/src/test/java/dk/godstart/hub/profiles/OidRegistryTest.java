package dk.godstart.hub.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.hl7.fhir.utilities.OIDUtilities;
import org.junit.jupiter.api.Test;

/** The validator reads the guide's small OID registry, not HL7's 21,350-row one (see {@link OidRegistry}). */
class OidRegistryTest {

	@Test
	void theValidatorCoreReadsTheGuidesRegistry() {
		assertThat(OidRegistry.check()).as("this module's oidregistry.csv comes first: " + OidRegistry.inUse()).isTrue();
		OIDUtilities oids = new OIDUtilities();
		assertThat(oids.isKnownOID(GodStartIg.CPR_SYSTEM)).isTrue();
		assertThat(oids.isKnownOID(GodStartIg.SOR_SYSTEM)).isTrue();
		assertThat(oids.isKnownOID("urn:oid:2.16.840.1.113883.4.1")).as("HL7's registry is not read").isFalse();
	}

	@Test
	void itHasTheColumnsOfHl7sRegistrySoTheCoreCanParseIt() throws Exception {
		List<URL> registries = Collections.list(OidRegistry.class.getClassLoader().getResources(OidRegistry.RESOURCE));
		assertThat(registries).as("ours and HL7's").hasSizeGreaterThanOrEqualTo(2);
		assertThat(firstLine(registries.get(0))).isEqualTo(firstLine(registries.get(registries.size() - 1)));
	}

	private static String firstLine(URL url) throws Exception {
		try (InputStream in = url.openStream()) {
			String text = new String(in.readNBytes(200), StandardCharsets.UTF_8);
			return text.substring(0, text.indexOf('\n')).trim();
		}
	}
}
