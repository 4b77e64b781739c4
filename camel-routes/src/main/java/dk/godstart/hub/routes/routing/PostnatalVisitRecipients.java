package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg.Codes.OrganizationType;
import dk.godstart.hub.routes.events.MessageEvent;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/** A first-time mother's home visit: its owner must act; her municipality's health visitors are told too. */
public class PostnatalVisitRecipients implements RecipientRule {

	private final Organisations organisations;

	public PostnatalVisitRecipients(Organisations organisations) {
		this.organisations = organisations;
	}

	@Override
	public Set<MessageEvent> events() {
		return Set.of(MessageEvent.POSTNATAL_HOME_VISIT);
	}

	@Override
	public Recipients recipients(MessageEvent event, Resource focus) {
		Task visit = (Task) focus;
		Patient mother = organisations.patient(visit.getFor());
		Recipients recipients = new Recipients(organisations.of(visit.getRequester())
				.orElseThrow(() -> new RoutingException("The requester of Task/" + visit.getIdElement().getIdPart()
						+ " is not an organisation known to the hub")), mother, List.of(visit));
		organisations.of(visit.getOwner()).ifPresent(owner -> recipients.add(owner, DestinationUse.PRIMARY));
		recipients.addAll(organisations.homeMunicipalUnits(mother, OrganizationType.HEALTH_VISITORS), DestinationUse.CC);
		return recipients;
	}
}
