package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg.Codes.OrganizationType;
import dk.godstart.hub.routes.events.MessageEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * A care level of 3 or 4 assessed for a woman referred to the family ambulatory: her municipality's family
 * department is a candidate. A level alone never tells anybody anything: without a referral there is no candidate,
 * and with one only her consent lets the notice through.
 */
public class CareLevelRecipients implements RecipientRule {

	private final HubDirectory directory;
	private final Organisations organisations;

	public CareLevelRecipients(HubDirectory directory, Organisations organisations) {
		this.directory = directory;
		this.organisations = organisations;
	}

	@Override
	public Set<MessageEvent> events() {
		return Set.of(MessageEvent.CARE_LEVEL_CHANGED);
	}

	@Override
	public Recipients recipients(MessageEvent event, Resource focus) {
		return build((Observation) focus);
	}

	private Recipients build(Observation careLevel) {
		var sender = careLevel.getPerformer().stream()
				.map(organisations::of)
				.flatMap(Optional::stream)
				.findFirst()
				.orElseThrow(() -> new RoutingException("No performer of Observation/" + careLevel.getIdElement().getIdPart()
						+ " is, or works for, an organisation known to the hub"));
		Patient woman = organisations.patient(careLevel.getSubject());
		Recipients recipients = new Recipients(sender, woman, List.of(careLevel));
		if (!directory.referralsAbout(Organisations.idOf(woman)).isEmpty()) {
			recipients.addAll(organisations.homeMunicipalUnits(woman, OrganizationType.MUNICIPAL_FAMILY_DEPARTMENT), DestinationUse.CC);
		}
		return recipients;
	}
}
