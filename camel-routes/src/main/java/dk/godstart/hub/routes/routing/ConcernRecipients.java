package dk.godstart.hub.routes.routing;

import dk.godstart.hub.routes.events.MessageEvent;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * A professional's concern notification (underretning) and the family department's answers. The concern goes to the
 * family department it is addressed to, from the notifier's organisation; each answer goes back to the notifier. No
 * one else is a candidate: a concern is not copied to partners or anyone an agreement names for other events.
 */
public class ConcernRecipients implements RecipientRule {

	private final HubDirectory directory;
	private final Organisations organisations;

	public ConcernRecipients(HubDirectory directory, Organisations organisations) {
		this.directory = directory;
		this.organisations = organisations;
	}

	@Override
	public Set<MessageEvent> events() {
		return Set.of(MessageEvent.CONCERN_NOTIFIED, MessageEvent.CONCERN_RECEIVED, MessageEvent.CONCERN_ANSWERED);
	}

	@Override
	public boolean namesPartners() {
		return false;
	}

	@Override
	public Recipients recipients(MessageEvent event, Resource focus) {
		if (event == MessageEvent.CONCERN_NOTIFIED) {
			ServiceRequest concern = (ServiceRequest) focus;
			Recipients recipients = new Recipients(notifier(concern), organisations.patient(concern.getSubject()), List.of(concern));
			organisations.of(concern.getPerformerFirstRep()).ifPresent(unit -> recipients.add(unit, DestinationUse.PRIMARY));
			return recipients;
		}
		Task answer = (Task) focus;
		ServiceRequest concern = directory.read(Organisations.idOf(answer.getFocus()), ServiceRequest.class)
				.orElseThrow(() -> new RoutingException("Task/" + answer.getIdElement().getIdPart()
						+ " answers a concern the hub does not have: " + answer.getFocus().getReference()));
		Patient woman = organisations.patient(concern.getSubject());
		Recipients recipients = new Recipients(organisations.of(answer.getOwner())
				.orElseThrow(() -> new RoutingException("The owner of Task/" + answer.getIdElement().getIdPart()
						+ " is not an organisation known to the hub")), woman, List.of(answer, concern));
		recipients.add(notifier(concern), DestinationUse.PRIMARY);
		return recipients;
	}

	private org.hl7.fhir.r4.model.Organization notifier(ServiceRequest concern) {
		return organisations.of(concern.getRequester())
				.orElseThrow(() -> new RoutingException("The notifier of ServiceRequest/" + concern.getIdElement().getIdPart()
						+ " does not work for an organisation known to the hub"));
	}
}
