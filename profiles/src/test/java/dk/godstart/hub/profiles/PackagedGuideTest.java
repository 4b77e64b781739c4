package dk.godstart.hub.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/** The package a server installs and a developer validates against: complete, with snapshots, examples clean. */
class PackagedGuideTest {

	private final IgPackage igPackage = GodStartIg.loadPackage();

	@Test
	void thePackageIsNamedAndVersionedLikeTheGuide() {
		assertThat(GodStartIg.packageResource()).isEqualTo("godstart-ig/godstart.fhir.dk-" + GodStartIg.version() + ".tgz");
		assertThat(new String(igPackage.entries().get("package/package.json")))
				.contains("\"name\" : \"godstart.fhir.dk\"")
				.contains("\"hl7.fhir.r4.core\" : \"4.0.1\"");
	}

	@Test
	void everyProfileShipsWithASnapshot() {
		var profiles = conformance(StructureDefinition.class);
		assertThat(profiles).extracting(StructureDefinition::getUrl).contains(
				GodStartIg.Profiles.PATIENT, GodStartIg.Profiles.ORGANIZATION, GodStartIg.Profiles.ENDPOINT,
				GodStartIg.Profiles.PREGNANCY_EPISODE, GodStartIg.Profiles.PREGNANCY_CARE_LEVEL,
				GodStartIg.Profiles.FAMILY_AMBULATORY_REFERRAL, GodStartIg.Profiles.REFERRAL_TASK,
				GodStartIg.Profiles.CROSS_SECTOR_AGREEMENT, GodStartIg.Profiles.RESIDENTIAL_TREATMENT_EPISODE,
				GodStartIg.Profiles.RESIDENTIAL_TREATMENT_PLACE, GodStartIg.Profiles.HUB_NOTIFICATION,
				GodStartIg.Profiles.HUB_MESSAGE, GodStartIg.Profiles.HUB_MESSAGE_HEADER, GodStartIg.Profiles.HUB_PROVENANCE,
				GodStartIg.Profiles.CONSENT, GodStartIg.Profiles.CONCERN_NOTIFICATION, GodStartIg.Profiles.CONCERN_ANSWER_TASK,
				GodStartIg.MUNICIPALITY_CODE_EXTENSION);
		assertThat(profiles).allSatisfy(profile -> assertThat(profile.getSnapshot().getElement()).isNotEmpty());
	}

	@Test
	void theWorkflowSearchParametersAreIncluded() {
		var codes = conformance(SearchParameter.class).stream()
				.map(sp -> sp.getBase().get(0).getCode() + "?" + sp.getCode())
				.toList();
		assertThat(codes).contains("Patient?municipality", "Contract?party", "Contract?topic");
	}

	@Test
	void everyExampleConformsWhenValidatedFromTheShippedPackage() {
		assertThat(igPackage.examples()).hasSizeGreaterThanOrEqualTo(20);
		assertThat(SharedValidator.get().validateAllExamples()).isEmpty();
		assertThat(SharedValidator.get().warmUp()).isEmpty();
	}

	@Test
	void theSubscriptionTopicsConformToTheBackportFormAndTheHubsValidator() {
		String xver = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.";
		var topics = conformance(Basic.class).stream()
				.filter(basic -> basic.getCode().hasCoding("http://hl7.org/fhir/fhir-types", "SubscriptionTopic"))
				.toList();
		assertThat(topics).extracting(basic -> basic.getExtensionByUrl(xver + "url").getValue().primitiveValue())
				.containsExactlyInAnyOrder(
						"http://godstart.dk/fhir/SubscriptionTopic/notification-to-organisation",
						"http://godstart.dk/fhir/SubscriptionTopic/referral-status-changed",
						"http://godstart.dk/fhir/SubscriptionTopic/care-plan-changed");
		assertThat(topics).allSatisfy(topic -> {
			// SubscriptionTopic.status is a modifier element: its cross-version extension is a modifier extension
			assertThat(topic.getModifierExtension()).extracting(Extension::getUrl).containsExactly(xver + "status");
			assertThat(topic.getExtension()).extracting(Extension::getUrl).doesNotContain(xver + "status");
			assertThat(GodStartValidator.errors(SharedValidator.get().validate(topic))).isEmpty();
		});
		// the guide declares the cross-version extensions it uses, so no validator needs HL7's xver package for them
		assertThat(conformance(StructureDefinition.class)).extracting(StructureDefinition::getUrl).contains(
				xver + "status", xver + "url", xver + "version", xver + "title", xver + "description",
				xver + "resourceTrigger", xver + "canFilterBy");
	}

	@Test
	void theMunicipalityCodeSystemIsCompleteWithAllDanishMunicipalities() {
		CodeSystem municipalities = conformance(CodeSystem.class).stream()
				.filter(cs -> cs.getUrl().equals(GodStartIg.MUNICIPALITY_CODE_SYSTEM))
				.findFirst()
				.orElseThrow();
		assertThat(municipalities.getContent()).isEqualTo(CodeSystem.CodeSystemContentMode.COMPLETE);
		assertThat(municipalities.getConcept()).hasSize(98).allSatisfy(c -> assertThat(c.getCode()).matches("[0-9]{4}"));
		assertThat(municipalities.getConcept()).extracting(c -> c.getCode() + " " + c.getDisplay())
				.contains("0101 København", "0147 Frederiksberg", "0400 Bornholm", "0461 Odense", "0751 Aarhus",
						"0851 Aalborg", "0860 Hjørring");
		// no required binding of the guide may point at a fragment: a validator following the rules rejects what is
		// missing. The only fragments are MedCom's names the guide re-declares (medcom.fsh), bound extensible at most.
		java.util.Set<String> fragments = conformance(CodeSystem.class).stream()
				.filter(cs -> cs.getContent() != CodeSystem.CodeSystemContentMode.COMPLETE)
				.map(CodeSystem::getUrl).collect(java.util.stream.Collectors.toSet());
		assertThat(fragments).allSatisfy(url -> assertThat(url).startsWith("http://medcomfhir.dk/"));
		java.util.Map<String, java.util.Set<String>> systemsOf = new java.util.HashMap<>();
		conformance(org.hl7.fhir.r4.model.ValueSet.class).forEach(vs -> systemsOf.put(vs.getUrl(),
				vs.getCompose().getInclude().stream().map(include -> include.getSystem())
						.collect(java.util.stream.Collectors.toSet())));
		var requiredBindings = conformance(StructureDefinition.class).stream()
				.flatMap(sd -> sd.getSnapshot().getElement().stream())
				.filter(element -> element.hasBinding()
						&& element.getBinding().getStrength() == org.hl7.fhir.r4.model.Enumerations.BindingStrength.REQUIRED
						&& element.getBinding().hasValueSet())
				.map(element -> element.getBinding().getValueSet().replaceAll("\\|.*$", ""))
				.toList();
		assertThat(requiredBindings).isNotEmpty().allSatisfy(valueSet -> assertThat(
				systemsOf.getOrDefault(valueSet, java.util.Set.of())).as(valueSet).doesNotContainAnyElementsOf(fragments));
	}

	@Test
	void theImplementationGuideAndSnapshotsNeedNoUndeclaredPackage() {
		ImplementationGuide guide = conformance(ImplementationGuide.class).get(0);
		// R4's guide-parameter-code value set is required; SUSHI's copyrightyear and releaselabel are not in it
		assertThat(guide.getDefinition().getParameter()).extracting(p -> p.getCodeElement().getValueAsString())
				.allSatisfy(code -> assertThat(code).isIn("apply", "path-resource", "path-pages", "path-tx-cache",
						"expansion-parameter", "rule-broken-links", "generate-xml", "generate-json", "generate-turtle",
						"html-template"));
		// the snapshot-base-version extension lives in the FHIR tools package, which the guide does not depend on
		assertThat(conformance(StructureDefinition.class)).allSatisfy(sd ->
				assertThat(sd.getSnapshot().getExtension()).as(sd.getUrl()).isEmpty());
		assertThat(igPackage.conformanceResources().values()).noneMatch(json -> json.contains("snapshot-base-version"));
	}

	private <T> java.util.List<T> conformance(Class<T> type) {
		return igPackage.conformanceResources().values().stream()
				.map(json -> SharedValidator.FHIR.newJsonParser().parseResource(json))
				.filter(type::isInstance)
				.map(type::cast)
				.toList();
	}
}
