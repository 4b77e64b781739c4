package dk.godstart.hub.server.support;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.DestinationUse;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A HubMessage about the woman's network, as a member's own system (a municipal case system, a substance-treatment
 * centre's record) sends it to the hub's {@code $process-message}: its header, a Provenance, the sender and the
 * receiver by SOR code and GLN, the woman by her CPR number, and the changed resources as the focus (the hub's with
 * their id, new ones with a {@code urn:uuid} and no id). The entries' references are the sender's own: the woman and
 * the organisations by the entries' fullUrls.
 */
public final class NetworkMessage {

	private NetworkMessage() {}

	public static Bundle of(MessageEvent event, Organization sender, Organization receiver, Patient woman, Resource... focus) {
		String headerId = UUID.randomUUID().toString();
		// the header's fullUrl is the sender's own address for it (a urn:uuid would hide its id, which the hub keys on)
		String headerUrl = "https://case-system.example/fhir/MessageHeader/" + headerId;
		String senderUrl = "urn:uuid:" + UUID.randomUUID();
		String receiverUrl = "urn:uuid:" + UUID.randomUUID();
		String womanUrl = "urn:uuid:" + UUID.randomUUID();
		MessageHeader header = new MessageHeader();
		header.setId(headerId);
		header.getMeta().addProfile(GodStartIg.Profiles.HUB_MESSAGE_HEADER);
		header.setEvent(event.coding());
		header.addDestination().setEndpoint("https://hub.godstart.dk/fhir").setReceiver(new Reference(receiverUrl))
				.addExtension(GodStartIg.Extensions.DESTINATION_USE, DestinationUse.PRIMARY.coding());
		header.setSender(new Reference(senderUrl));
		header.getSource().setName("Case system of " + sender.getName()).setEndpoint("https://case-system.example/fhir");

		Provenance provenance = new Provenance();
		provenance.getMeta().addProfile(GodStartIg.Profiles.HUB_PROVENANCE);
		provenance.addTarget(new Reference(headerUrl));
		provenance.setOccurred(new DateTimeType(new Date()));
		provenance.setRecorded(new Date());
		provenance.setActivity(new CodeableConcept(new Coding(GodStartIg.CodeSystems.PROVENANCE_ACTIVITY, "new", "New message")));
		provenance.addAgent().setWho(new Reference(senderUrl));

		Bundle message = new Bundle();
		message.setId(UUID.randomUUID().toString());
		message.getMeta().addProfile(GodStartIg.Profiles.HUB_MESSAGE);
		message.setType(Bundle.BundleType.MESSAGE);
		message.setTimestamp(new Date());
		message.addEntry().setFullUrl(headerUrl).setResource(header);
		message.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(provenance);
		message.addEntry().setFullUrl(senderUrl).setResource(asSent(sender));
		if (receiver != sender) {
			message.addEntry().setFullUrl(receiverUrl).setResource(asSent(receiver));
		} else {
			header.getDestinationFirstRep().setReceiver(new Reference(senderUrl));
		}
		Patient her = new Patient();
		her.getMeta().addProfile(GodStartIg.Profiles.PATIENT);
		her.addIdentifier(woman.getIdentifierFirstRep().copy());
		her.setName(woman.getName());
		message.addEntry().setFullUrl(womanUrl).setResource(her);
		for (Resource resource : focus) {
			Resource sent = resource.copy();
			sent.getMeta().setLastUpdated(null).setSource(null);
			String url = sent.getIdElement().hasIdPart()
					? "https://hub.godstart.dk/fhir/" + sent.fhirType() + "/" + sent.getIdElement().getIdPart()
					: "urn:uuid:" + UUID.randomUUID();
			if (sent.getIdElement().hasIdPart()) {
				sent.setId(sent.getIdElement().toUnqualifiedVersionless().getIdPart());
			}
			message.addEntry().setFullUrl(url).setResource(sent);
			header.addFocus(new Reference(url));
		}
		// the woman as the sender's system names her: by her entry
		String hers = "Patient/" + woman.getIdElement().getIdPart();
		for (Bundle.BundleEntryComponent entry : message.getEntry().subList(message.getEntry().size() - focus.length,
				message.getEntry().size())) {
			ca.uhn.fhir.context.FhirContext.forR4Cached().newTerser()
					.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class).stream()
					.filter(reference -> hers.equals(reference.getReference()))
					.forEach(reference -> reference.setReference(womanUrl));
		}
		return message;
	}

	/** The organisation as a message names it: its profile, name, type, SOR code and GLN, no id. */
	private static Organization asSent(Organization organisation) {
		Organization sent = new Organization();
		sent.getMeta().addProfile(GodStartIg.Profiles.ORGANIZATION);
		sent.setActive(true).setName(organisation.getName());
		sent.setType(organisation.getType());
		organisation.getIdentifier().stream()
				.filter(id -> GodStartIg.SOR_SYSTEM.equals(id.getSystem()) || GodStartIg.GLN_SYSTEM.equals(id.getSystem()))
				.forEach(id -> sent.addIdentifier(id.copy()));
		return sent;
	}
}
