package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg.Codes.OrganizationType;
import dk.godstart.hub.routes.events.MessageEvent;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A family-ambulatory referral made or withdrawn: the family ambulatory referred to must act; her municipality's
 * family department is a candidate for a copy (which only her consent lets through).
 */
public class ReferralRecipients implements RecipientRule {

	private final Organisations organisations;

	public ReferralRecipients(Organisations organisations) {
		this.organisations = organisations;
	}

	@Override
	public Set<MessageEvent> events() {
		return Set.of(MessageEvent.REFERRAL_CREATED, MessageEvent.REFERRAL_CANCELLED);
	}

	@Override
	public Recipients recipients(MessageEvent event, Resource focus) {
		ServiceRequest referral = (ServiceRequest) focus;
		Patient woman = organisations.patient(referral.getSubject());
		Recipients recipients = new Recipients(organisations.of(referral.getRequester())
				.orElseThrow(() -> new RoutingException("The requester of ServiceRequest/" + referral.getIdElement().getIdPart()
						+ " names no organisation known to the hub")), woman, List.of(referral));
		organisations.of(referral.getPerformerFirstRep()).ifPresent(org -> recipients.add(org, DestinationUse.PRIMARY));
		recipients.addAll(organisations.homeMunicipalUnits(woman, OrganizationType.MUNICIPAL_FAMILY_DEPARTMENT), DestinationUse.CC);
		return recipients;
	}
}
