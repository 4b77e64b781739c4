package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg.Codes.OrganizationType;
import dk.godstart.hub.routes.events.MessageEvent;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The family ambulatory's answer to a referral (accepted, rejected, completed): the referrer must know; her
 * municipality's family department is a candidate for a copy.
 */
public class ReferralAnswerRecipients implements RecipientRule {

	private final HubDirectory directory;
	private final Organisations organisations;

	public ReferralAnswerRecipients(HubDirectory directory, Organisations organisations) {
		this.directory = directory;
		this.organisations = organisations;
	}

	@Override
	public Set<MessageEvent> events() {
		return Set.of(MessageEvent.REFERRAL_ACCEPTED, MessageEvent.REFERRAL_REJECTED, MessageEvent.REFERRAL_COMPLETED);
	}

	@Override
	public Recipients recipients(MessageEvent event, Resource focus) {
		Task task = (Task) focus;
		ServiceRequest referral = directory.read(Organisations.idOf(task.getFocus()), ServiceRequest.class)
				.orElseThrow(() -> new RoutingException("Task/" + task.getIdElement().getIdPart()
						+ " answers a referral the hub does not have: " + task.getFocus().getReference()));
		Patient woman = organisations.patient(task.hasFor() ? task.getFor() : referral.getSubject());
		Recipients recipients = new Recipients(organisations.of(task.getOwner())
				.orElseThrow(() -> new RoutingException("The owner of Task/" + task.getIdElement().getIdPart()
						+ " is not an organisation known to the hub")), woman, List.of(task, referral));
		Reference requester = task.hasRequester() ? task.getRequester() : referral.getRequester();
		organisations.of(requester).ifPresent(org -> recipients.add(org, DestinationUse.PRIMARY));
		recipients.addAll(organisations.homeMunicipalUnits(woman, OrganizationType.MUNICIPAL_FAMILY_DEPARTMENT), DestinationUse.CC);
		return recipients;
	}
}
