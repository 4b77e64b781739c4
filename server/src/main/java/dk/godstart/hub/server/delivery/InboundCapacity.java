package dk.godstart.hub.server.delivery;

import org.hl7.fhir.r4.model.Bundle;

/** What the hub does with a registry's message that its places changed: the receiver of that message is the hub. */
public interface InboundCapacity {

	/** Updates the hub's copy from the places and units in the message; returns how many places were updated. */
	int apply(Bundle message);
}
