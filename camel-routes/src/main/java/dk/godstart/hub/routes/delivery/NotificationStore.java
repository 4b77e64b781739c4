package dk.godstart.hub.routes.delivery;

import java.util.Optional;
import org.hl7.fhir.r4.model.Communication;

/**
 * Where notifications (HubNotification Communications) are stored. The server implements it on HAPI's DAO, so a
 * notification is validated against its profile and searchable like any other resource. Both calls join the caller's
 * transaction.
 */
public interface NotificationStore {

	/** Stores a new notification and returns its id part. */
	String create(Communication notification);

	/** Stores a new version of an existing notification. */
	void update(Communication notification);

	Communication read(String id);

	/** The notification, or empty when it no longer exists (deleted or expunged); never throws for that. */
	Optional<Communication> find(String id);
}
