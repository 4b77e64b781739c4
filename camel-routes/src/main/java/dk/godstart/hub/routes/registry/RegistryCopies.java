package dk.godstart.hub.routes.registry;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Organization;

/** The hub's copy of the registry's places. The server implements it on HAPI's DAOs. */
public interface RegistryCopies {

	/**
	 * Makes the copy what the registry says now, in the caller's transaction: the units (found by SOR code, added when
	 * new) and their places (found by the registry's id), stamped {@code fetchedAt}; places the registry no longer
	 * lists are made inactive. Returns how many places were stored.
	 */
	int replace(List<HealthcareService> places, List<Organization> units, String registryBase, Instant fetchedAt);

	/** As {@link #replace}, for the places a registry message names; the others are left as they are. */
	int update(List<HealthcareService> places, List<Organization> units, String registryBase, Instant reportedAt);
}
