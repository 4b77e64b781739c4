package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.MessageEvent;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A step of a residential treatment episode, from the unit: the organisation that referred her is a candidate; the
 * partners the agreement names for the event (the registry) are added by the policy like for every event.
 */
public class ResidentialTreatmentRecipients implements RecipientRule {


	private final Organisations organisations;

	public ResidentialTreatmentRecipients(Organisations organisations) {
		this.organisations = organisations;
	}

	@Override
	public Set<MessageEvent> events() {
		return Set.of(MessageEvent.RESIDENTIAL_OFFER, MessageEvent.RESIDENTIAL_DECLINED, MessageEvent.RESIDENTIAL_ADMISSION,
				MessageEvent.RESIDENTIAL_DISCHARGE);
	}

	@Override
	public Recipients recipients(MessageEvent event, Resource focus) {
		EpisodeOfCare episode = (EpisodeOfCare) focus;
		Patient woman = organisations.patient(episode.getPatient());
		Recipients recipients = new Recipients(organisations.of(episode.getManagingOrganization())
				.orElseThrow(() -> new RoutingException("The managing organisation of EpisodeOfCare/"
						+ episode.getIdElement().getIdPart() + " is not an organisation known to the hub")), woman, List.of(episode));
		Extension referrer = episode.getExtensionByUrl(GodStartIg.Extensions.RESIDENTIAL_REFERRER);
		if (referrer != null && referrer.getValue() instanceof Reference reference) {
			organisations.of(reference).ifPresent(org -> recipients.add(org, DestinationUse.CC));
		}
		return recipients;
	}
}
