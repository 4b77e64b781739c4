package dk.godstart.hub.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Names of the GodStart implementation guide ({@code godstart.fhir.dk}) and where its package lives on the classpath.
 * The package itself is built from {@code ig/fsh-generated} by {@link dk.godstart.hub.profiles.build.IgPackageBuilder}.
 */
public final class GodStartIg {

	public static final String PACKAGE_ID = "godstart.fhir.dk";
	public static final String CANONICAL = "http://godstart.dk/fhir";

	/** Classpath folder holding the package and its {@code package.properties}. */
	public static final String CLASSPATH_FOLDER = "godstart-ig";

	public static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";
	public static final String SOR_SYSTEM = "urn:oid:1.2.208.176.1.1";
	public static final String GLN_SYSTEM = "https://www.gs1.org/gln";
	public static final String MUNICIPALITY_CODE_SYSTEM = "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes";
	public static final String MUNICIPALITY_CODE_EXTENSION = "http://hl7.dk/fhir/core/StructureDefinition/dk-core-municipalityCodes";
	public static final String REGION_SYSTEM = "urn:iso:std:iso:3166:-2";

	/** The guide's profiles, by id. */
	public static final class Profiles {
		public static final String PATIENT = profile("dk-maternity-patient");
		public static final String ORGANIZATION = profile("dk-maternity-organization");
		public static final String ENDPOINT = profile("hub-endpoint");
		public static final String PREGNANCY_EPISODE = profile("pregnancy-episode");
		public static final String PREGNANCY_CARE_LEVEL = profile("pregnancy-care-level");
		public static final String FAMILY_AMBULATORY_REFERRAL = profile("family-ambulatory-referral");
		public static final String REFERRAL_TASK = profile("referral-task");
		public static final String CROSS_SECTOR_AGREEMENT = profile("cross-sector-agreement");
		public static final String RESIDENTIAL_TREATMENT_EPISODE = profile("residential-treatment-episode");
		public static final String RESIDENTIAL_TREATMENT_PLACE = profile("residential-treatment-place");
		public static final String HUB_NOTIFICATION = profile("hub-notification");
		public static final String HUB_MESSAGE = profile("hub-message");
		public static final String HUB_MESSAGE_HEADER = profile("hub-message-header");
		public static final String HUB_PROVENANCE = profile("hub-provenance");
		public static final String CONSENT = profile("dk-maternity-consent");
		public static final String CONCERN_NOTIFICATION = profile("concern-notification");
		public static final String CONCERN_ANSWER_TASK = profile("concern-answer-task");

		private Profiles() {}
	}

	private static volatile Properties packageProperties;

	private GodStartIg() {}

	public static String profile(String id) {
		return CANONICAL + "/StructureDefinition/" + id;
	}

	/** The guide's version, as SUSHI wrote it into the ImplementationGuide resource. */
	public static String version() {
		return packageProperties().getProperty("version");
	}

	/** Classpath location of the npm package, e.g. {@code godstart-ig/godstart.fhir.dk-0.1.0.tgz}. */
	public static String packageResource() {
		return CLASSPATH_FOLDER + "/" + packageProperties().getProperty("file");
	}

	public static byte[] packageBytes() {
		try (InputStream in = open(packageResource())) {
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static IgPackage loadPackage() {
		return IgPackage.read(packageBytes());
	}

	private static Properties packageProperties() {
		Properties properties = packageProperties;
		if (properties == null) {
			properties = new Properties();
			try (InputStream in = open(CLASSPATH_FOLDER + "/package.properties")) {
				properties.load(in);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			packageProperties = properties;
		}
		return properties;
	}

	private static InputStream open(String resource) throws IOException {
		InputStream in = GodStartIg.class.getClassLoader().getResourceAsStream(resource);
		if (in == null) {
			throw new IOException("The implementation guide package is missing from the classpath: " + resource
					+ " (it is built by the profiles module from ig/fsh-generated)");
		}
		return in;
	}
}
