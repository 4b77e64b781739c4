package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg.Codes.OrganizationType;
import dk.godstart.hub.routes.events.MessageEvent;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A hospital stay of a woman the hub follows closely (an active family-ambulatory referral): her municipality's
 * family department is a candidate for the notice of admission, discharge, leave, death, and of either being taken
 * back; the hospital unit is the sender. Her care level plays no part: a level-3 pregnancy may be purely somatic, and
 * the family department is the child-protection authority, so only her consent lets the notice through.
 */
public class HospitalStayRecipients implements RecipientRule {

	private final HubDirectory directory;
	private final Organisations organisations;

	public HospitalStayRecipients(HubDirectory directory, Organisations organisations) {
		this.directory = directory;
		this.organisations = organisations;
	}

	@Override
	public Set<MessageEvent> events() {
		return Set.of(MessageEvent.ADMISSION, MessageEvent.DISCHARGE, MessageEvent.ADMISSION_CANCELLED,
				MessageEvent.DISCHARGE_CANCELLED, MessageEvent.LEAVE_STARTED, MessageEvent.LEAVE_ENDED, MessageEvent.DEATH);
	}

	@Override
	public Recipients recipients(MessageEvent event, Resource focus) {
		Encounter stay = (Encounter) focus;
		Patient woman = organisations.patient(stay.getSubject());
		Recipients recipients = new Recipients(organisations.of(stay.getServiceProvider())
				.orElseThrow(() -> new RoutingException("The service provider of Encounter/" + stay.getIdElement().getIdPart()
						+ " is not an organisation known to the hub")), woman, List.of(stay));
		boolean followed = directory.referralsAbout(Organisations.idOf(woman)).stream()
				.anyMatch(referral -> referral.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE);
		if (followed) {
			recipients.addAll(organisations.homeMunicipalUnits(woman, OrganizationType.MUNICIPAL_FAMILY_DEPARTMENT), DestinationUse.PRIMARY);
		}
		return recipients;
	}
}
