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

	@AfterEach
	void closeReceiver() {
		receiver.close();
	}
}
