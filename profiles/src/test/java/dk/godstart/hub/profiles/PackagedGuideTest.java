package dk.godstart.hub.profiles;

import static org.assertj.core.api.Assertions.assertThat;

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

	private <T> java.util.List<T> conformance(Class<T> type) {
		return igPackage.conformanceResources().values().stream()
				.map(json -> SharedValidator.FHIR.newJsonParser().parseResource(json))
				.filter(type::isInstance)
				.map(type::cast)
				.toList();
	}
}
