package dk.godstart.hub.server.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the delivery scenarios: a fresh North Jutland network of organisations (no agreement yet) whose units'
 * endpoints are at one real {@link FhirReceiver}, closed after each scenario.
 */
public abstract class NorthJutlandScenario extends HubIntegrationTest {

	protected FhirReceiver receiver;
	protected MaternityNetwork network;

	@BeforeEach
	void northJutlandNetwork() {
		receiver = new FhirReceiver(fhirContext);
		network = newNetwork(receiver);
	}

	private final java.util.List<Runnable> unsubscribes = new java.util.ArrayList<>();

	/**
	 * Stores a subscription as {@code subscriber} would; it is deleted after the scenario, so its endpoint (a loopback
	 * port that a later scenario's peer may get) is not called again.
	 */
	protected org.hl7.fhir.r4.model.Subscription subscribe(ca.uhn.fhir.rest.client.api.IGenericClient subscriber,
			org.hl7.fhir.r4.model.Subscription subscription) {
		org.hl7.fhir.r4.model.Subscription stored = (org.hl7.fhir.r4.model.Subscription)
				subscriber.create().resource(subscription).execute().getResource();
		String id = stored.getIdElement().getIdPart();
		unsubscribes.add(() -> subscriber.delete().resourceById("Subscription", id).execute());
		return stored;
	}

	@AfterEach
	void closeReceiver() {
		receiver.close();
		for (Runnable unsubscribe : unsubscribes) {
			for (int attempt = 1; attempt <= 3; attempt++) {
				try {
					unsubscribe.run();
					break;
				} catch (ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException
						| ca.uhn.fhir.rest.server.exceptions.ResourceGoneException alreadyGone) {
					break;
				} catch (ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException raceWithTheHub) {
					// the hub was recording a delivery failure on it at that moment; again
				}
			}
		}
		unsubscribes.clear();
	}
}
