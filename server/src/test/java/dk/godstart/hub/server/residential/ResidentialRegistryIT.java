package dk.godstart.hub.server.residential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The residential treatment unit reports each step of a woman's residential treatment to the national registry, a
 * real HTTP FHIR messaging peer, through the hub's durable delivery, with only what the agreement lets the registry
 * know. Janni declines; Eva is admitted while the registry is down.
 */
class ResidentialRegistryIT extends NorthJutlandScenario {

	static final String EPISODE_TYPE = GodStartIg.CANONICAL + "/CodeSystem/episode-type";

	IGenericClient unit;

	@BeforeEach
	void registryAgreement() {
		network.residentialTreatment(true);
		unit = clientFor(MaternityNetwork.sor(network.residentialUnit),
				List.of("system/Patient.cruds", "system/EpisodeOfCare.cruds"));
	}

	@Test
	void janniDeclinesAndTheRegistryGetsTheReasonButNotWhoSheIs() {
		Patient janni = registered("Janni");
		EpisodeOfCare offer = unit.create().resource(offer(janni)).execute().getResource() instanceof EpisodeOfCare stored
				? stored : null;
		offer.setStatus(EpisodeOfCare.EpisodeOfCareStatus.CANCELLED);
		offer.addStatusHistory().setStatus(EpisodeOfCare.EpisodeOfCareStatus.CANCELLED).getPeriod().setStart(new Date());
		offer.getPeriod().setEnd(new Date());
		offer.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/residential-declined-reason", new CodeableConcept(
				new Coding(GodStartIg.CANONICAL + "/CodeSystem/residential-declined-reason", "chose-other-offer", null))
				.setText("Vil hellere på krisecenter tæt på sit netværk i Hjørring"));
		unit.update().resource(offer).execute();

		FhirReceiver.Received declined = await("the registry to receive the refusal").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("registry").stream()
						.filter(r -> r.header().getEventCoding().getCode().equals("residential-declined")).toList(),
				list -> !list.isEmpty()).get(0);
		EpisodeOfCare reported = entry(declined, EpisodeOfCare.class);
		assertThat(((CodeableConcept) reported.getExtensionByUrl(
				GodStartIg.CANONICAL + "/StructureDefinition/residential-declined-reason").getValue()).getText())
				.contains("krisecenter");
		Patient asTheRegistrySeesHer = entry(declined, Patient.class);
		assertThat(asTheRegistrySeesHer.getIdentifier()).as("a pseudonym, not her CPR number").singleElement()
				.satisfies(identifier -> {
					assertThat(identifier.getSystem()).startsWith(GodStartIg.CANONICAL + "/sid/pseudonym/");
					assertThat(identifier.getValue()).hasSize(32).isNotEqualTo(janni.getIdentifierFirstRep().getValue());
				});
		assertThat(asTheRegistrySeesHer.hasName()).isFalse();
		assertThat(asTheRegistrySeesHer.hasTelecom()).isFalse();
		assertThat(asTheRegistrySeesHer.getBirthDateElement().getValueAsString()).as("her year of birth only").hasSize(4);
		assertThat(asTheRegistrySeesHer.getAddressFirstRep().hasLine()).isFalse();
		assertThat(asTheRegistrySeesHer.getAddressFirstRep().getExtensionByUrl(GodStartIg.MUNICIPALITY_CODE_EXTENSION))
				.as("her municipality").isNotNull();
		assertThat(declined.message().getEntry()).noneSatisfy(entry -> assertThat(
				fhirContext.newJsonParser().encodeResourceToString(entry.getResource()))
				.contains(janni.getIdentifierFirstRep().getValue()));

		List<FhirReceiver.Received> offered = receiver.receivedAt("registry").stream()
				.filter(r -> r.header().getEventCoding().getCode().equals("residential-offer")).toList();
		assertThat(offered).as("the offer came first").hasSize(1);
		assertThat(entry(offered.get(0), Patient.class).getIdentifierFirstRep().getValue())
				.as("the same pseudonym in every message under the agreement")
				.isEqualTo(asTheRegistrySeesHer.getIdentifierFirstRep().getValue());
	}

	@Test
	void evasAdmissionReachesTheRegistryAfterItWasDown() {
		Patient eva = registered("Eva");
		EpisodeOfCare offer = (EpisodeOfCare) unit.create().resource(offer(eva)).execute().getResource();
		await("the offer to arrive").atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("registry"),
				list -> !list.isEmpty());
		receiver.down();
		offer.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
		offer.addStatusHistory().setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE).getPeriod().setStart(new Date());
		unit.update().resource(offer).execute();
		await("a failed try").atMost(Duration.ofSeconds(20)).until(() -> notificationsAbout(eva,
				"EpisodeOfCare/" + offer.getIdElement().getIdPart()), list -> list.stream()
				.anyMatch(n -> n.getTopic().getCodingFirstRep().getCode().equals("residential-admission")));
		receiver.up();

		FhirReceiver.Received admitted = await("the admission after the registry came back")
				.atMost(Duration.ofSeconds(30)).until(() -> receiver.receivedAt("registry").stream()
						.filter(r -> r.header().getEventCoding().getCode().equals("residential-admission")).toList(),
				list -> !list.isEmpty()).get(0);
		assertThat(entry(admitted, EpisodeOfCare.class).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
	}

	/** The unit registers the woman it offers a place to. */
	private Patient registered(String given) {
		Patient woman = network.womanLivingIn("0860");
		woman.setId((String) null);
		woman.getIdentifierFirstRep().setValue(MaternityNetwork.newWomanCpr());
		woman.getNameFirstRep().getGiven().clear();
		woman.getNameFirstRep().addGiven(given);
		return (Patient) unit.create().resource(woman).execute().getResource();
	}

	private EpisodeOfCare offer(Patient woman) {
		EpisodeOfCare episode = new EpisodeOfCare();
		episode.getMeta().addProfile(GodStartIg.CANONICAL + "/StructureDefinition/residential-treatment-episode");
		episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.PLANNED);
		episode.addStatusHistory().setStatus(EpisodeOfCare.EpisodeOfCareStatus.PLANNED).getPeriod().setStart(new Date());
		episode.addType(new CodeableConcept(new Coding(EPISODE_TYPE, "residential-treatment", "Residential treatment")));
		episode.setPatient(new Reference("Patient/" + woman.getIdElement().getIdPart()));
		episode.setManagingOrganization(MaternityNetwork.reference(network.residentialUnit));
		episode.getPeriod().setStart(new Date());
		episode.addExtension(GodStartIg.CANONICAL + "/StructureDefinition/residential-referrer",
				MaternityNetwork.reference(network.familyAmbulatory));
		return episode;
	}

	private static <T extends org.hl7.fhir.r4.model.Resource> T entry(FhirReceiver.Received message, Class<T> type) {
		return message.message().getEntry().stream().map(e -> e.getResource()).filter(type::isInstance).map(type::cast)
				.findFirst().orElseThrow();
	}
}
