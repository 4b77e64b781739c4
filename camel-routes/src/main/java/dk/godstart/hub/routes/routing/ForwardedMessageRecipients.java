package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.MessageEvent;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A message from another hub or a hospital, passed on to the receivers its header names: each receiver and the
 * sender are matched to organisations known here by SOR code or GLN, the woman by CPR number. Receivers not known here
 * are left out; each of the others is then decided like any notification (agreement, legal basis, endpoint).
 */
public class ForwardedMessageRecipients {


	private final HubDirectory directory;

	public ForwardedMessageRecipients(HubDirectory directory) {
		this.directory = directory;
	}

	public Recipients recipients(MessageEvent event, Bundle message) {
		MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
		Organization sender = entry(message, header.getSender(), Organization.class)
				.flatMap(this::localOrganization)
				.orElseThrow(() -> new RoutingException("The sender of message " + header.getIdElement().getIdPart()
						+ " is not an organisation known to the hub (matched by SOR code or GLN)"));
		Patient subject = message.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(Patient.class::isInstance)
				.map(Patient.class::cast)
				.flatMap(patient -> patient.getIdentifier().stream())
				.filter(identifier -> GodStartIg.CPR_SYSTEM.equals(identifier.getSystem()))
				.flatMap(cpr -> directory.byIdentifier(Patient.class, cpr.getSystem(), cpr.getValue()).stream())
				.findFirst()
				.orElseThrow(() -> new RoutingException("Message " + header.getIdElement().getIdPart()
						+ " is about no woman known to the hub by CPR number"));
		Recipients recipients = new Recipients(sender, subject, List.of(message));
		for (MessageHeader.MessageDestinationComponent destination : header.getDestination()) {
			Extension use = destination.getExtensionByUrl(GodStartIg.Extensions.DESTINATION_USE);
			DestinationUse destinationUse = use != null && use.getValue() instanceof Coding coding
					? DestinationUse.fromCode(coding.getCode()) : DestinationUse.CC;
			entry(message, destination.getReceiver(), Organization.class)
					.flatMap(this::localOrganization)
					.ifPresent(org -> recipients.add(org, destinationUse));
		}
		return recipients;
	}

	/** The bundle entry a reference in a message points at: by full URL, or by type and id at the end of it. */
	private static <T extends Resource> Optional<T> entry(Bundle message, Reference reference, Class<T> type) {
		if (reference == null || !reference.hasReference()) {
			return Optional.empty();
		}
		String target = reference.getReference();
		IIdType targetId = reference.getReferenceElement();
		return message.getEntry().stream()
				.filter(entry -> type.isInstance(entry.getResource()))
				.filter(entry -> target.equals(entry.getFullUrl())
						|| (entry.hasFullUrl() && targetId.hasResourceType() && entry.getFullUrl().endsWith("/" + targetId.getResourceType() + "/" + targetId.getIdPart()))
						|| (targetId.hasIdPart() && targetId.getIdPart().equals(entry.getResource().getIdElement().getIdPart())))
				.map(entry -> type.cast(entry.getResource()))
				.findFirst();
	}

	/** The organisation known here that carries one of the SOR codes or GLNs of an organisation in a message. */
	private Optional<Organization> localOrganization(Organization remote) {
		return remote.getIdentifier().stream()
				.filter(identifier -> GodStartIg.SOR_SYSTEM.equals(identifier.getSystem())
						|| GodStartIg.GLN_SYSTEM.equals(identifier.getSystem()))
				.flatMap(identifier -> directory.byIdentifier(Organization.class, identifier.getSystem(), identifier.getValue()).stream())
				.filter(Organization::getActive)
				.findFirst();
	}
}
