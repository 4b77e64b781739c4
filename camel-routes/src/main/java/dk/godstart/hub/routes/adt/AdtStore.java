package dk.godstart.hub.routes.adt;

/**
 * Stores what an ADT message says as FHIR resources, all or nothing, once per message. The server implements it on
 * HAPI's DAOs; the intake answers {@code AA} only after {@link #store} returned, i.e. after the commit.
 */
public interface AdtStore {

	enum Outcome { STORED, REPEATED }

	/**
	 * @return {@link Outcome#REPEATED} when a message with the same key was stored before (nothing is changed)
	 * @throws AdtRejection when the content cannot be used (an unknown sending facility, a cancellation of nothing)
	 */
	Outcome store(AdtMessage message);
}
