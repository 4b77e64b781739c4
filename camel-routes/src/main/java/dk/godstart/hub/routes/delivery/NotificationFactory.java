package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.RoutingDecision;
import dk.godstart.hub.routes.routing.RoutingPlan;
import java.util.UUID;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Builds the HubNotification that records what the hub tells one recipient, and sets its status as delivery goes on. */
public class NotificationFactory {

	public Communication notification(MessageEvent event, RoutingPlan plan, RoutingDecision decision) {
		Communication notification = new Communication();
		notification.getMeta().addProfile(GodStartIg.Profiles.HUB_NOTIFICATION);
		notification.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID());
		notification.setTopic(new org.hl7.fhir.r4.model.CodeableConcept(event.coding()));
		notification.setSubject(reference(plan.subject()));
		for (Resource about : plan.about()) {
			notification.addAbout(reference(about));
		}
		notification.addRecipient(reference(decision.recipient()));
		notification.setSender(reference(plan.sender()));
		notification.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(summary(event, plan.sender(), decision.recipient())));
		applyDecision(notification, decision);
		return notification;
	}

	/**
	 * Queued when the decision allows sending, otherwise parked with the reason and what a person must fix. Either way
	 * the notification names the agreement and the legal basis used (or found missing) and what showed it held.
	 */
	public void applyDecision(Communication notification, RoutingDecision decision) {
		notification.getBasedOn().clear();
		if (decision.agreement() != null) {
			notification.addBasedOn(new Reference("Contract/" + decision.agreement().getIdElement().getIdPart()));
		}
		notification.getExtension().removeIf(e -> GodStartIg.Extensions.LEGAL_BASIS.equals(e.getUrl()) || GodStartIg.Extensions.LEGAL_BASIS_EVIDENCE.equals(e.getUrl()));
		if (decision.legalBasis() != null) {
			notification.addExtension(GodStartIg.Extensions.LEGAL_BASIS, new org.hl7.fhir.r4.model.CodeType(decision.legalBasis().code()));
		}
		if (decision.evidence() != null) {
			notification.addExtension(GodStartIg.Extensions.LEGAL_BASIS_EVIDENCE, new Reference(decision.evidence()));
		}
		if (decision.deliverable()) {
			notification.setStatus(Communication.CommunicationStatus.PREPARATION);
			notification.setStatusReason(null);
		} else {
			parked(notification, decision.parkReason(), decision.explanation());
		}
	}

	public void parked(Communication notification, dk.godstart.hub.routes.delivery.ParkReason reason, String explanation) {
		notification.setStatus(Communication.CommunicationStatus.ONHOLD);
		notification.setStatusReason(reason.concept(explanation));
	}

	public void delivered(Communication notification, java.util.Date when) {
		notification.setStatus(Communication.CommunicationStatus.COMPLETED);
		notification.setStatusReason(null);
		notification.setSent(when);
		notification.getNote().clear();
	}

	/** A first failed try: the notification shows it is being delivered and what went wrong, until it gets through. */
	public void failing(Communication notification, String problem) {
		notification.setStatus(Communication.CommunicationStatus.INPROGRESS);
		notification.getNote().clear();
		notification.addNote().setText("Delivery is being retried: " + problem);
	}

	private static String summary(MessageEvent event, Organization sender, Organization recipient) {
		return event.display() + ": from " + sender.getName() + " to " + recipient.getName() + ".";
	}

	static Reference reference(Resource resource) {
		return new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
	}
}
