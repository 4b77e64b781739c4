package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import dk.godstart.hub.routes.delivery.NotificationStore;
import dk.godstart.hub.routes.delivery.ParkReason;
import dk.godstart.hub.server.audit.AuditTrail;
import dk.godstart.hub.server.conformance.HubOwnWrites;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
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
		String id = communications.create(notification, HubOwnWrites.request()).getId().getIdPart();
		notification.setId(id);
		auditIfRefused(notification);
		return id;
	}

	@Override
	public void update(Communication notification) {
		notification.setId(notification.getIdElement().toUnqualifiedVersionless());
		communications.update(notification, HubOwnWrites.request());
		if (notification.getStatus() == Communication.CommunicationStatus.COMPLETED) {
			// the receiver has it: a disclosure of her data to another organisation, in the trail with the write
			audit.delivered(notification);
		}
		auditIfRefused(notification);
	}

	/**
	 * A disclosure decided against (when routed, re-driven, or just before sending after she withdrew) is in the trail
	 * too, with the basis that was missing.
	 */
	private void auditIfRefused(Communication notification) {
		if (notification.getStatus() == Communication.CommunicationStatus.ONHOLD
				&& notification.getStatusReason().hasCoding(ParkReason.SYSTEM, ParkReason.NO_LEGAL_BASIS.code())) {
			audit.disclosureRefused(notification);
		}
	}

	@Override
	public Communication read(String id) {
		return communications.read(new IdType("Communication", id), new SystemRequestDetails());
	}

	@Override
	public Optional<Communication> find(String id) {
		// a search, not a read: a read of a deleted resource throws, which would doom the caller's transaction
		SearchParameterMap byId = SearchParameterMap.newSynchronous("_id", new TokenParam(id));
		List<IBaseResource> found = communications.search(byId, new SystemRequestDetails()).getResources(0, 1);
		return found.stream().findFirst().map(Communication.class::cast);
	}
}
