package dk.godstart.hub.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.context.SimpleWorkerContext;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.CanonicalType;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerFactory;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.ValidatorUtils;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guide as other validators see it: HL7's own validator (the FHIR Validation tool's {@link InstanceValidator}, in
 * the version HAPI brings) with the R4 core package and the guide's package, offline and without a terminology
 * server, accepts every definition and every example of the package without an error.
 */
class Hl7ValidatorTest {

	private static final String CORE_FOLDER = "hl7/fhir/core/package/";
	private static InstanceValidator validator;
	private static IgPackage guide;

	@BeforeAll
	static void loadHl7Validator() throws Exception {
		long started = System.nanoTime();
		QuietLogging.apply();
		SimpleWorkerContext context = new SimpleWorkerContext.SimpleWorkerContextBuilder()
				.withAllowLoadingDuplicates(true)
				.fromPackage(NpmPackage.fromPackage(new ByteArrayInputStream(corePackage())), ValidatorUtils.loaderForVersion("4.0.1"), true);
		guide = GodStartIg.loadPackage();
		context.loadFromPackage(NpmPackage.fromPackage(new ByteArrayInputStream(GodStartIg.packageBytes())),
				ValidatorUtils.loaderForVersion("4.0.1"));
		context.setCanRunWithoutTerminology(true);
		context.setExpansionParameters(new org.hl7.fhir.r5.model.Parameters());
		// HL7's validator as ValidationEngine builds it, without the engine's package manager: that one fetches the
		// cross-version extension package from the registry, which this build cannot reach.
		ValidatorSession session = new ValidatorSession();
		// Checking an extension definition, the validator looks at its context in every FHIR version the extension
		// applies to (here R4 only) and loads that version's core package from the package cache unless the session
		// already holds it: it does, R4 is the context itself.
		session.getOtherVersions().put("4.0", context);
		session.getOtherVersions().put("4.0.1", context);
		validator = new InstanceValidator(context, null, XVerExtensionManagerFactory.createExtensionManager(context),
				session, settings());
		validator.setFetcher(new ExamplesFetcher(context, guide.examples()));
		// A reference to another example is resolved and its type checked; the target is not validated again against
		// the profiles the reference allows (it is validated on its own, and doing so for every reference of a
		// cross-sector agreement multiplies the time by ten).
		validator.setPolicyAdvisor(new BasePolicyAdvisorForFullValidation(ReferenceValidationPolicy.CHECK_TYPE_IF_EXISTS, Set.of()));
		System.out.printf("[hl7-validator] R4 core and %s loaded in %d ms%n", GodStartIg.PACKAGE_ID,
				(System.nanoTime() - started) / 1_000_000);
	}

	@Test
	void definitionsAndExamplesHaveNoErrors() throws Exception {
		long started = System.nanoTime();
		Map<String, String> resources = new TreeMap<>(guide.conformanceResources());
		guide.examples().forEach((file, json) -> resources.put("example/" + file, json));
		List<String> errors = new ArrayList<>();
		int warnings = 0;
		int needTerminologyServer = 0;
		Map<Long, String> slowest = new TreeMap<>(java.util.Comparator.reverseOrder());
		for (Map.Entry<String, String> resource : resources.entrySet()) {
			long resourceStarted = System.nanoTime();
			List<ValidationMessage> messages = new ArrayList<>();
			validator.validate(null, messages, new ByteArrayInputStream(resource.getValue().getBytes(StandardCharsets.UTF_8)),
					FhirFormat.JSON);
			for (ValidationMessage message : messages) {
				if (needsTerminologyServer(message)) {
					needTerminologyServer++;
				} else if (message.getLevel() == IssueSeverity.ERROR || message.getLevel() == IssueSeverity.FATAL) {
					errors.add(resource.getKey() + " " + message.getLocation() + ": " + message.getMessage());
				} else if (message.getLevel() == IssueSeverity.WARNING) {
					warnings++;
				}
			}
			slowest.put(System.nanoTime() - resourceStarted, resource.getKey());
		}
		System.out.printf("[hl7-validator] %d resources validated (%d warnings, %d issues left to a terminology server) in %d ms;"
				+ " slowest: %s%n", resources.size(), warnings, needTerminologyServer, (System.nanoTime() - started) / 1_000_000,
				slowest.entrySet().stream().limit(5).map(e -> e.getValue() + " " + e.getKey() / 1_000_000 + " ms").toList());
		assertThat(errors).isEmpty();
	}

	/**
	 * MIME types (urn:ietf:bcp:13, R4's required mimetypes value set) are a grammar-based code system no package
	 * holds; HL7's validator checks them only through a terminology server, and without one it reports the code as
	 * not in the value set. HAPI's validator checks them in memory (the build validates every example with it).
	 */
	private static boolean needsTerminologyServer(ValidationMessage message) {
		String text = message.getMessage();
		return text != null && (text.contains("urn:ietf:bcp:13") || text.contains("http://hl7.org/fhir/ValueSet/mimetypes"));
	}

	private static ValidatorSettings settings() {
		ValidatorSettings settings = new ValidatorSettings();
		settings.setMinVersion("4.0.1");
		settings.setMaxVersion("4.0.1");
		return settings;
	}

	/** HL7's R4 core package as an npm .tgz, from the Maven Central artifact that carries it (see ig/build.sh). */
	static byte[] corePackage() throws IOException {
		URL marker = Hl7ValidatorTest.class.getClassLoader().getResource(CORE_FOLDER + "StructureDefinition-Patient.json");
		assertThat(marker).as("hl7.fhir.r4.core on the test classpath (com.ibm.fhir:fhir-registry)").isNotNull();
		Map<String, byte[]> entries = new TreeMap<>();
		JarURLConnection connection = (JarURLConnection) marker.openConnection();
		try (JarFile jar = connection.getJarFile()) {
			Enumeration<JarEntry> jarEntries = jar.entries();
			while (jarEntries.hasMoreElements()) {
				JarEntry entry = jarEntries.nextElement();
				String name = entry.getName();
				// the jar's .index.json is IBM's own; NpmPackage builds the FHIR package index itself
				if (!entry.isDirectory() && name.startsWith(CORE_FOLDER) && !name.endsWith("/.index.json")) {
					try (InputStream in = jar.getInputStream(entry)) {
						entries.put("package/" + name.substring(CORE_FOLDER.length()), in.readAllBytes());
					}
				}
			}
		}
		// the context takes its FHIR version from the package only when the package has an other/ folder
		entries.put("package/other/version.info", "[FHIR]\nFhirVersion=4.0.1\nversion=4.0.1\n".getBytes(StandardCharsets.UTF_8));
		entries.put("package/package.json", """
				{"name": "hl7.fhir.r4.core", "version": "4.0.1", "type": "Core", "canonical": "http://hl7.org/fhir",
				 "url": "http://hl7.org/fhir/R4", "fhirVersions": ["4.0.1"], "dependencies": {}}
				""".getBytes(StandardCharsets.UTF_8));
		return new IgPackage(entries).toTgz();
	}

	/**
	 * What the validator asks about references and URLs it does not hold. A reference {@code Type/id} resolves to the
	 * guide's example of that type and id, as it would on a server holding the examples; nothing else is fetched (no
	 * network). Any other URL counts as resolvable, since whether a web address answers is no property of the guide;
	 * canonical references are still resolved against the loaded packages.
	 */
	private static final class ExamplesFetcher implements IValidatorResourceFetcher {
		private final IWorkerContext context;
		private final Map<String, byte[]> byReference = new TreeMap<>();

		ExamplesFetcher(IWorkerContext context, Map<String, String> examples) {
			this.context = context;
			ObjectMapper json = new ObjectMapper();
			examples.values().forEach(text -> {
				try {
					var node = json.readTree(text);
					byReference.put(node.path("resourceType").asText() + "/" + node.path("id").asText(),
							text.getBytes(StandardCharsets.UTF_8));
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}

		@Override
		public Element fetch(IResourceValidator validator, Object appContext, String url) throws IOException {
			String[] parts = url.split("/");
			if (parts.length < 2) {
				return null;
			}
			byte[] example = byReference.get(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
			return example == null ? null : Manager.parseSingle(context, new ByteArrayInputStream(example), FhirFormat.JSON);
		}

		@Override
		public boolean resolveURL(IResourceValidator validator, Object appContext, String path, String url, String type,
				boolean canonical, List<CanonicalType> targets) {
			return true;
		}

		@Override
		public byte[] fetchRaw(IResourceValidator validator, String url) {
			return null;
		}

		@Override
		public IValidatorResourceFetcher setLocale(Locale locale) {
			return this;
		}

		@Override
		public CanonicalResource fetchCanonicalResource(IResourceValidator validator, Object appContext, String url) {
			return null;
		}

		@Override
		public boolean fetchesCanonicalResource(IResourceValidator validator, String url) {
			return false;
		}

		@Override
		public Set<ResourceVersionInformation> fetchCanonicalResourceVersions(IResourceValidator validator,
				Object appContext, String url) {
			return Set.of();
		}
	}
}
