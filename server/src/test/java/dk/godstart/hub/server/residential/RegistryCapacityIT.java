package dk.godstart.hub.server.residential;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.registry.CapacityPuller;
import dk.godstart.hub.server.support.MaternityNetwork;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The family ambulatory looks for a free residential place in North Jutland and asks the hub, not the registry: the
 * hub keeps a copy of the registry's places, fetched from the registry (a real HTTP peer), and says how fresh it is.
 */
class RegistryCapacityIT extends NorthJutlandScenario {

	static final String P = GodStartIg.CANONICAL + "/StructureDefinition/";

	@Autowired
	CapacityPuller puller;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void registryBackUp() {
		REGISTRY.up();
		REGISTRY.holds(List.of());
	}

	@Test
	void freePlacesInNorthJutlandAreFoundAtTheHubAndStayFindableWhileTheRegistryIsDown() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		Organization aalborgUnit = unit("Døgnafsnit for gravide, Aalborg " + tag, "Nordjylland");
		Organization odenseUnit = unit("Døgnafsnit for gravide, Odense " + tag, "Syddanmark");
		HealthcareService inAalborg = places(aalborgUnit, 4, 2);
		HealthcareService inOdense = places(odenseUnit, 3, 0);
		REGISTRY.holds(List.of(inAalborg, inOdense, aalborgUnit, odenseUnit));

		assertThat(puller.pull()).isEqualTo(CapacityPuller.Outcome.PULLED);
		assertThat(REGISTRY.queries()).last().asString().contains("_include=HealthcareService:organization");

		HealthcareService found = freeInNorthJutland(inAalborg);
		assertThat(((UnsignedIntType) found.getExtensionByUrl(P + "free-places").getValue()).getValue()).isEqualTo(2);
		Date firstFetch = ((DateTimeType) found.getExtensionByUrl(P + "registry-fetched-at").getValue()).getValue();
		assertThat(freeInNorthJutlandAll()).as("Odense's unit is full and elsewhere, Aalborg's is listed")
				.extracting(HealthcareService::getName).contains(found.getName())
				.noneMatch(name -> name.contains("Odense " + tag));

		// Eva is admitted in Aalborg: the registry lists one place fewer, and so does the hub after its next fetch
		inAalborg.getExtensionByUrl(P + "free-places").setValue(new UnsignedIntType(1));
		assertThat(puller.pull()).isEqualTo(CapacityPuller.Outcome.PULLED);
		HealthcareService afterAdmission = freeInNorthJutland(inAalborg);
		assertThat(((UnsignedIntType) afterAdmission.getExtensionByUrl(P + "free-places").getValue()).getValue()).isEqualTo(1);
		Date secondFetch = ((DateTimeType) afterAdmission.getExtensionByUrl(P + "registry-fetched-at").getValue()).getValue();
		assertThat(secondFetch).isAfterOrEqualTo(firstFetch);

		REGISTRY.down();
		assertThat(puller.pull()).isEqualTo(CapacityPuller.Outcome.FAILED);
		HealthcareService stale = freeInNorthJutland(inAalborg);
		assertThat(((DateTimeType) stale.getExtensionByUrl(P + "registry-fetched-at").getValue()).getValue())
				.as("the search still answers, saying when the figures were fetched").isEqualTo(secondFetch);
		assertThat(jdbc.queryForObject("SELECT last_error FROM hub_registry_state WHERE id = 1", String.class))
				.contains("could not reach");
	}

	@Test
	void theRegistryTellsTheHubAtOnceWhenAUnitsPlacesChange() throws Exception {
		network.residentialTreatment(true);
		String tag = UUID.randomUUID().toString().substring(0, 8);
		Organization aalborgUnit = unit("Døgnafsnit for gravide, Aalborg " + tag, "Nordjylland");
		HealthcareService inAalborg = places(aalborgUnit, 4, 2);
		REGISTRY.holds(List.of(inAalborg, aalborgUnit));
		assertThat(puller.pull()).isEqualTo(CapacityPuller.Outcome.PULLED);

		inAalborg.getExtensionByUrl(P + "free-places").setValue(new UnsignedIntType(3));
		java.net.http.HttpResponse<String> fromTheRegistry = postMessage(capacityChanged(inAalborg, aalborgUnit,
				network.registry), tokens.token("registry", MaternityNetwork.sor(network.registry), List.of("system/Bundle.c")));
		assertThat(fromTheRegistry.statusCode()).as(fromTheRegistry.body()).isEqualTo(200);
		assertThat(fromTheRegistry.body()).contains("1 residential place(s) updated");
		assertThat(((UnsignedIntType) freeInNorthJutland(inAalborg).getExtensionByUrl(P + "free-places").getValue())
				.getValue()).as("without waiting for the next fetch").isEqualTo(3);

		java.net.http.HttpResponse<String> notARegistry = postMessage(capacityChanged(inAalborg, aalborgUnit,
				network.familyAmbulatory), network.familyAmbulatoryToken);
		assertThat(notARegistry.statusCode()).isEqualTo(403);
		assertThat(notARegistry.body()).contains("Only the residential treatment registry");
	}

	/** A HubMessage residential-capacity-changed from {@code sender} carrying the place and its unit. */
	private Bundle capacityChanged(HealthcareService place, Organization unit, Organization sender) {
		Bundle message = fhirContext.newJsonParser().parseResource(Bundle.class,
				GodStartIg.loadPackage().examples().get("Bundle-3e7b9c14-0d2a-4f5e-8b61-9a0c4d2e1f37.json"));
		String messageId = UUID.randomUUID().toString();
		message.setId(UUID.randomUUID().toString());
		message.getEntry().removeIf(entry -> entry.getResource() instanceof org.hl7.fhir.r4.model.Communication
				|| entry.getResource() instanceof org.hl7.fhir.r4.model.Patient);
		org.hl7.fhir.r4.model.MessageHeader header = (org.hl7.fhir.r4.model.MessageHeader) message.getEntryFirstRep().getResource();
		header.setId(messageId);
		header.getEventCoding().setCode("residential-capacity-changed").setDisplay("Residential capacity changed");
		header.getFocus().clear();
		header.addFocus(new Reference("HealthcareService/" + place.getIdElement().getIdPart()));
		message.getEntryFirstRep().setFullUrl("https://hub.godstart.dk/fhir/MessageHeader/" + messageId);
		message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(org.hl7.fhir.r4.model.Provenance.class::isInstance).map(org.hl7.fhir.r4.model.Provenance.class::cast)
				.forEach(provenance -> provenance.getTargetFirstRep().setReference("MessageHeader/" + messageId));
		Organization senderEntry = message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(Organization.class::isInstance).map(Organization.class::cast)
				.filter(org -> org.getIdElement().getIdPart().equals("familieambulatoriet-nordjylland")).findFirst().orElseThrow();
		senderEntry.getIdentifier().clear();
		sender.getIdentifier().forEach(identifier -> senderEntry.addIdentifier(identifier.copy()));
		Organization unitEntry = unit.copy();
		unitEntry.getMeta().addProfile(GodStartIg.Profiles.ORGANIZATION);
		unitEntry.addType(new CodeableConcept(new Coding(GodStartIg.CANONICAL + "/CodeSystem/organization-type",
				"residential-treatment-unit", null)));
		unitEntry.addIdentifier().setSystem(GodStartIg.GLN_SYSTEM)
				.setValue(String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_999_999_999_999L)));
		message.addEntry().setFullUrl("https://hub.godstart.dk/fhir/HealthcareService/" + place.getIdElement().getIdPart())
				.setResource(place.copy());
		message.addEntry().setFullUrl("https://hub.godstart.dk/fhir/Organization/" + unit.getIdElement().getIdPart())
				.setResource(unitEntry);
		return message;
	}

	private java.net.http.HttpResponse<String> postMessage(Bundle message, String token) throws Exception {
		return send(anonymousRequest("/fhir/$process-message").header("Authorization", bearer(token))
				.header("Content-Type", "application/fhir+json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(message))));
	}

	private HealthcareService freeInNorthJutland(HealthcareService registryPlace) {
		return freeInNorthJutlandAll().stream()
				.filter(place -> place.getIdentifier().stream().anyMatch(i -> i.getValue().equals(registryPlace.getIdElement().getIdPart())))
				.findFirst().orElseThrow(() -> new AssertionError("the place is not found at the hub"));
	}

	private List<HealthcareService> freeInNorthJutlandAll() {
		IGenericClient familyAmbulatory = clientFor(MaternityNetwork.sor(network.familyAmbulatory),
				List.of("system/HealthcareService.rs", "system/Organization.rs"));
		return familyAmbulatory.search().byUrl("HealthcareService?free-places=gt0&organization.address-state=Nordjylland&_count=200")
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(entry -> (HealthcareService) entry.getResource()).toList();
	}

	private static Organization unit(String name, String region) {
		Organization unit = new Organization();
		unit.setId("unit-" + UUID.randomUUID());
		unit.setActive(true).setName(name);
		unit.addIdentifier().setSystem(GodStartIg.SOR_SYSTEM)
				.setValue(String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L)));
		unit.addAddress().setCity(name.contains("Aalborg") ? "Aalborg" : "Odense").setState(region).setCountry("DK");
		return unit;
	}

	private static HealthcareService places(Organization unit, int total, int free) {
		HealthcareService place = new HealthcareService();
		place.setId("place-" + UUID.randomUUID());
		place.getMeta().addProfile(P + "residential-treatment-place");
		place.addExtension(P + "total-places", new UnsignedIntType(total));
		place.addExtension(P + "free-places", new UnsignedIntType(free));
		place.addExtension(P + "capacity-reported-at", new DateTimeType(new Date()));
		place.setActive(true);
		place.setProvidedBy(new Reference("Organization/" + unit.getIdElement().getIdPart()));
		place.addType(new CodeableConcept(new Coding(GodStartIg.CANONICAL + "/CodeSystem/hub-service-type",
				"residential-treatment", "Residential treatment")));
		place.setName("Døgnpladser for gravide, " + unit.getName());
		return place;
	}
}
