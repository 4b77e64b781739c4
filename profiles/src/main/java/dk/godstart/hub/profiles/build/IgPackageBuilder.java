package dk.godstart.hub.profiles.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartValidationSupport;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.profiles.IgPackage;
import dk.godstart.hub.profiles.QuietLogging;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Turns SUSHI's output ({@code ig/fsh-generated/resources}) into the guide's npm package on the classpath.
 *
 * <p>Run by the profiles build (exec-maven-plugin, phase process-classes) with two arguments: the resources folder
 * and the classes folder. It generates snapshots for every StructureDefinition, validates every example against the
 * profiles it claims and fails the build on any error, checks that every profile has an example, and writes
 * {@code godstart-ig/godstart.fhir.dk-<version>.tgz} plus {@code godstart-ig/package.properties}.
 */
public final class IgPackageBuilder {

	/** Resource types that define the guide; every other instance SUSHI writes is an example. */
	static final Set<String> CONFORMANCE_TYPES = Set.of(
			"StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter", "ImplementationGuide", "NamingSystem",
			"ConceptMap", "CapabilityStatement", "OperationDefinition");

	static final String SNAPSHOT_BASE_VERSION = "http://hl7.org/fhir/tools/StructureDefinition/snapshot-base-version";

	private final FhirContext fhirContext = FhirContext.forR4Cached();
	private final IParser parser = fhirContext.newJsonParser().setPrettyPrint(true);

	public static void main(String[] args) throws IOException {
		if (args.length != 2) {
			throw new IllegalArgumentException("usage: IgPackageBuilder <fsh-generated/resources> <classes folder>");
		}
		QuietLogging.apply();
		new IgPackageBuilder().build(Path.of(args[0]), Path.of(args[1]));
	}

	/**
	 * A subscription topic in its R4 form (Subscriptions R5 Backport: a Basic whose elements are R5 cross-version
	 * extensions). It is a definition, packaged beside the profiles, and validated like an example: the guide declares
	 * the cross-version extensions it uses, so validators need no package from the registry for them.
	 */
	static boolean isSubscriptionTopic(Resource resource) {
		return resource instanceof org.hl7.fhir.r4.model.Basic basic
				&& basic.getCode().hasCoding("http://hl7.org/fhir/fhir-types", "SubscriptionTopic");
	}

	void build(Path resourcesFolder, Path classesFolder) throws IOException {
		long started = System.nanoTime();
		Map<String, Resource> conformance = new TreeMap<>();
		Map<String, Resource> examples = new TreeMap<>();
		try (Stream<Path> files = Files.list(resourcesFolder)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
				Resource resource = (Resource) parser.parseResource(Files.readString(file, StandardCharsets.UTF_8));
				(CONFORMANCE_TYPES.contains(resource.fhirType()) || isSubscriptionTopic(resource) ? conformance : examples)
						.put(file.getFileName().toString(), resource);
			}
		}
		if (conformance.isEmpty()) {
			throw new IllegalStateException("No conformance resources in " + resourcesFolder + ": run ig/build.sh");
		}
		ImplementationGuide guide = conformance.values().stream()
				.filter(ImplementationGuide.class::isInstance)
				.map(ImplementationGuide.class::cast)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("SUSHI wrote no ImplementationGuide resource"));

		generateSnapshots(conformance);
		List<String> problems = new ArrayList<>();
		int warnings = validateExamples(conformance, examples, problems);
		problems.addAll(profilesWithoutExample(conformance, examples));
		if (!problems.isEmpty()) {
			throw new IllegalStateException("The implementation guide's examples do not conform:\n  "
					+ String.join("\n  ", problems));
		}

		IgPackage igPackage = new IgPackage(entries(guide, conformance, examples));
		Path folder = classesFolder.resolve(GodStartIg.CLASSPATH_FOLDER);
		Files.createDirectories(folder);
		String fileName = GodStartIg.PACKAGE_ID + "-" + guide.getVersion() + ".tgz";
		Files.write(folder.resolve(fileName), igPackage.toTgz());
		Files.writeString(
				folder.resolve("package.properties"),
				"id=" + GodStartIg.PACKAGE_ID + "\nversion=" + guide.getVersion() + "\nfile=" + fileName + "\n",
				StandardCharsets.UTF_8);
		System.out.printf(
				"[godstart-ig] %s: %d conformance resources, %d examples valid (%d warnings), in %d ms%n",
				fileName, conformance.size(), examples.size(), warnings, (System.nanoTime() - started) / 1_000_000);
	}

	private void generateSnapshots(Map<String, Resource> conformance) {
		ValidationSupportChain chain = chain(conformance);
		for (Resource resource : conformance.values()) {
			if (resource instanceof StructureDefinition profile && !profile.hasSnapshot()) {
				StructureDefinition withSnapshot = (StructureDefinition) chain.generateSnapshot(
						new ValidationSupportContext(chain), profile, profile.getUrl(), GodStartIg.CANONICAL, profile.getName());
				if (withSnapshot == null || !withSnapshot.hasSnapshot()) {
					throw new IllegalStateException("Could not generate a snapshot for " + profile.getUrl());
				}
				profile.setSnapshot(withSnapshot.getSnapshot());
				examplesReplaceInherited(profile);
			}
			if (resource instanceof StructureDefinition profile) {
				// HAPI's snapshot generator marks the snapshot with the FHIR tools package's snapshot-base-version
				// extension; the guide does not depend on that package, so validators that resolve every extension
				// (HL7's) could not. The base version is the guide's fhirVersion anyway.
				profile.getSnapshot().getExtension().removeIf(e -> SNAPSHOT_BASE_VERSION.equals(e.getUrl()));
			}
		}
	}

	/**
	 * Where the differential gives an element examples, those are the element's examples: the snapshot generator
	 * appends them to the base's instead. R4 core's own example for Consent.identifier ("Local eCMS identifier" as a
	 * urn:ietf:rfc:3986 value) is not a URI, and HL7's validator rejects every snapshot that inherits it.
	 */
	private static void examplesReplaceInherited(StructureDefinition profile) {
		for (var differential : profile.getDifferential().getElement()) {
			if (differential.hasExample()) {
				profile.getSnapshot().getElement().stream()
						.filter(element -> element.getId().equals(differential.getId()))
						.forEach(element -> element.setExample(differential.copy().getExample()));
			}
		}
	}

	private int validateExamples(Map<String, Resource> conformance, Map<String, Resource> examples, List<String> problems) {
		GodStartValidator validator = new GodStartValidator(fhirContext, chain(conformance));
		int warnings = 0;
		Map<String, Resource> instances = new TreeMap<>(examples);
		conformance.forEach((file, resource) -> {
			if (isSubscriptionTopic(resource)) {
				instances.put(file, resource);
			}
		});
		for (Map.Entry<String, Resource> example : instances.entrySet()) {
			var result = validator.validate(example.getValue());
			for (SingleValidationMessage message : GodStartValidator.errors(result)) {
				problems.add(example.getKey() + " " + message.getLocationString() + ": " + message.getMessage());
			}
			warnings += result.getMessages().size() - GodStartValidator.errors(result).size();
		}
		return warnings;
	}

	private static List<String> profilesWithoutExample(Map<String, Resource> conformance, Map<String, Resource> examples) {
		Set<String> claimed = new java.util.HashSet<>();
		for (Resource example : examples.values()) {
			claimed(example, claimed);
		}
		List<String> missing = new ArrayList<>();
		for (Resource resource : conformance.values()) {
			if (resource instanceof StructureDefinition profile
					&& profile.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
					&& profile.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT
					&& !claimed.contains(profile.getUrl())) {
				missing.add("profile " + profile.getUrl() + " has no example");
			}
		}
		return missing;
	}

	private static void claimed(Resource resource, Set<String> claimed) {
		resource.getMeta().getProfile().stream().map(CanonicalType::getValue).forEach(claimed::add);
		if (resource instanceof Bundle bundle) {
			bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).forEach(e -> claimed(e.getResource(), claimed));
		}
	}

	private ValidationSupportChain chain(Map<String, Resource> conformance) {
		PrePopulatedValidationSupport guide = GodStartValidationSupport.packageSupport(
				fhirContext, conformance.values().stream().map(parser::encodeResourceToString).toList());
		return GodStartValidationSupport.standaloneChain(fhirContext, guide);
	}

	private Map<String, byte[]> entries(ImplementationGuide guide, Map<String, Resource> conformance, Map<String, Resource> examples)
			throws IOException {
		ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
		Map<String, byte[]> entries = new LinkedHashMap<>();
		ObjectNode packageJson = json.createObjectNode()
				.put("name", GodStartIg.PACKAGE_ID)
				.put("version", guide.getVersion())
				.put("canonical", GodStartIg.CANONICAL)
				.put("url", GodStartIg.CANONICAL)
				.put("title", guide.getTitle())
				.put("description", guide.getDescription())
				.put("type", "fhir.ig")
				.put("license", guide.getLicense() == null ? null : guide.getLicense().toCode())
				.put("author", guide.getPublisher());
		packageJson.putArray("fhirVersions").add("4.0.1");
		packageJson.putObject("dependencies").put("hl7.fhir.r4.core", "4.0.1");
		entries.put("package/package.json", json.writeValueAsBytes(packageJson));

		ObjectNode index = json.createObjectNode().put("index-version", 1);
		ArrayNode files = index.putArray("files");
		conformance.forEach((file, resource) -> {
			entries.put("package/" + file, parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
			ObjectNode entry = files.addObject().put("filename", file).put("resourceType", resource.fhirType())
					.put("id", resource.getIdElement().getIdPart());
			if (resource instanceof MetadataResource metadata) {
				entry.put("url", metadata.getUrl()).put("version", metadata.getVersion());
			}
			if (resource instanceof StructureDefinition profile) {
				entry.put("kind", profile.getKind().toCode()).put("type", profile.getType());
			}
		});
		entries.put("package/.index.json", json.writeValueAsBytes(index));
		examples.forEach((file, resource) ->
				entries.put("package/example/" + file, parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8)));
		return entries;
	}
}
