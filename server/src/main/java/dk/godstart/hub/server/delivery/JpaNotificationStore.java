package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dk.godstart.hub.routes.delivery.NotificationStore;
import dk.godstart.hub.server.audit.AuditTrail;
import dk.godstart.hub.server.conformance.HubOwnWrites;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;

/**
 * Notifications stored through HAPI: indexed, versioned, searchable and subscribable like any resource. They are the
 * hub's own writes ({@link HubOwnWrites}): built by NotificationFactory, whose output the suite validates.
 */
public class JpaNotificationStore implements NotificationStore {

	private final IFhirResourceDao<Communication> communications;
	private final AuditTrail audit;

	public JpaNotificationStore(IFhirResourceDao<Communication> communications, AuditTrail audit) {
		this.communications = communications;
		this.audit = audit;
	}

	@Override
	public String create(Communication notification) {
		return communications.create(notification, HubOwnWrites.request()).getId().getIdPart();
	}

	@Override
	public void update(Communication notification) {
		notification.setId(notification.getIdElement().toUnqualifiedVersionless());
		communications.update(notification, HubOwnWrites.request());
		if (notification.getStatus() == Communication.CommunicationStatus.COMPLETED) {
			// the receiver has it: a disclosure of her data to another organisation, in the trail with the write
			audit.delivered(notification);
		}
	}

	@Override
	public Communication read(String id) {
		return communications.read(new IdType("Communication", id), new SystemRequestDetails());
	}
}
