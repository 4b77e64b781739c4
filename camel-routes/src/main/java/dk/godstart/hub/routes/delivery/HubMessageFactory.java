package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.agreements.Agreement;
import dk.godstart.hub.routes.routing.HubDirectory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builds the HubMessage for one delivery, MedCom-style: the MessageHeader first (its id is the delivery's message
 * id, the same on every try), a Provenance saying this is a new message from the sender, then the notification and
 * what it is about, the woman, and the sending and receiving organisations. Entries carry the hub's absolute URLs,
 * so the references between them resolve inside the bundle.
 */
public class HubMessageFactory {

	static final String PROVENANCE_ACTIVITY_SYSTEM = GodStartIg.CodeSystems.PROVENANCE_ACTIVITY;
	static final String DESTINATION_USE_EXTENSION = GodStartIg.Extensions.DESTINATION_USE;

	private final HubDirectory directory;
	private final String hubBaseUrl;
	private final Clock clock;
	private final DataMinimisation minimisation;

	public HubMessageFactory(HubDirectory directory, String hubBaseUrl, Clock clock, DataMinimisation minimisation) {
		this.directory = directory;
		this.minimisation = minimisation;
		this.hubBaseUrl = hubBaseUrl.endsWith("/") ? hubBaseUrl.substring(0, hubBaseUrl.length() - 1) : hubBaseUrl;
		this.clock = clock;
	}

	public Bundle message(Delivery delivery, Communication notification) {
		Date now = Date.from(clock.instant());
		String headerId = delivery.messageId().toString();
		String headerUrl = hubBaseUrl + "/MessageHeader/" + headerId;

		MessageHeader header = new MessageHeader();
		header.setId(headerId);
		header.getMeta().addProfile(GodStartIg.Profiles.HUB_MESSAGE_HEADER);
		header.setEvent(delivery.event().coding());
		MessageHeader.MessageDestinationComponent destination = header.addDestination()
				.setEndpoint(delivery.endpointAddress())
				.setReceiver(new Reference(delivery.recipient()));
		destination.addExtension(DESTINATION_USE_EXTENSION, delivery.use().coding());
		// and MedCom's, so that a MedCom receiver recognises who is to act (the codes are the same: primary, cc)
		destination.addExtension(GodStartIg.MedCom.DESTINATION_USE_EXTENSION,
				new Coding(GodStartIg.MedCom.DESTINATION_USE_CODES, delivery.use().code(), null));
		header.setSender(new Reference(delivery.sender()));
		header.getSource().setName("GodStart Hub").setEndpoint(hubBaseUrl);
		header.addFocus(new Reference("Communication/" + notification.getIdElement().getIdPart()));

		Provenance provenance = new Provenance();
		provenance.setId(UUID.nameUUIDFromBytes(("provenance:" + headerId).getBytes()).toString());
		provenance.getMeta().addProfile(GodStartIg.Profiles.HUB_PROVENANCE);
		provenance.addTarget(new Reference(headerUrl));
		provenance.setOccurred(new org.hl7.fhir.r4.model.DateTimeType(now));
		provenance.setRecorded(now);
		Optional<Bundle> forwarded = forwardedMessage(notification);
		if (forwarded.isPresent()) {
			provenance.setActivity(new CodeableConcept(new Coding(PROVENANCE_ACTIVITY_SYSTEM, "forward", "Forwarded message")));
			Bundle.BundleEntryComponent original = forwarded.get().getEntryFirstRep();
			provenance.addEntity()
					.setRole(Provenance.ProvenanceEntityRole.SOURCE)
					.setWhat(new Reference(original.hasFullUrl() ? original.getFullUrl()
							: "MessageHeader/" + original.getResource().getIdElement().getIdPart()));
		} else {
			provenance.setActivity(new CodeableConcept(new Coding(PROVENANCE_ACTIVITY_SYSTEM, "new", "New message")));
		}
		provenance.addAgent().setWho(new Reference(delivery.sender()));

		Bundle bundle = new Bundle();
		bundle.setId(UUID.randomUUID().toString());
		bundle.getMeta().addProfile(GodStartIg.Profiles.HUB_MESSAGE);
		bundle.setType(Bundle.BundleType.MESSAGE);
		bundle.setTimestamp(now);
		bundle.addEntry().setFullUrl(headerUrl).setResource(header);
		bundle.addEntry().setFullUrl(hubBaseUrl + "/Provenance/" + provenance.getId()).setResource(provenance);
		forwarded.ifPresent(original -> original.getEntry().stream()
				.skip(1)
				.filter(entry -> !(entry.getResource() instanceof Provenance))
				.forEach(entry -> bundle.addEntry().setFullUrl(entry.getFullUrl()).setResource(entry.getResource())));
		for (Resource resource : content(delivery, notification)) {
			String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
			resource.setId(id);
			resource.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
			bundle.addEntry().setFullUrl(hubBaseUrl + "/" + id).setResource(resource);
		}
		return bundle;
	}

	/** The message a notification passes on, when it is about one received from another hub or a hospital. */
	private Optional<Bundle> forwardedMessage(Communication notification) {
		return notification.getAbout().stream()
				.filter(reference -> "Bundle".equals(reference.getReferenceElement().getResourceType()))
				.findFirst()
				.flatMap(reference -> directory.read(new IdType("Bundle", reference.getReferenceElement().getIdPart()), Bundle.class))
				.filter(bundle -> bundle.getType() == Bundle.BundleType.MESSAGE);
	}

	/** The notification, what it is about, the woman, and the organisations named; each once. */
	private List<Resource> content(Delivery delivery, Communication notification) {
		Map<String, Resource> resources = new LinkedHashMap<>();
		resources.put("Communication/" + notification.getIdElement().getIdPart(), notification);
		List<Reference> references = new ArrayList<>(notification.getAbout());
		references.add(notification.getSubject());
		references.add(new Reference(delivery.sender()));
		references.add(new Reference(delivery.recipient()));
		Optional<String> pseudonymisingAgreement = notification.getBasedOn().stream()
				.filter(reference -> "Contract".equals(reference.getReferenceElement().getResourceType()))
				.map(reference -> reference.getReferenceElement().getIdPart())
				.filter(agreementId -> directory.read(new IdType("Contract", agreementId), org.hl7.fhir.r4.model.Contract.class)
						.map(agreement -> Agreement.of(agreement).pseudonymises(delivery.event())).orElse(false))
				.findFirst();
		for (Reference reference : references) {
			if ("Bundle".equals(reference.getReferenceElement().getResourceType())) {
				continue; // a forwarded message travels as its entries, not as a bundle inside the bundle
			}
			IdType id = new IdType(reference.getReferenceElement().getResourceType(), reference.getReferenceElement().getIdPart());
			String key = id.getResourceType() + "/" + id.getIdPart();
			if (!resources.containsKey(key)) {
				directory.read(id, Resource.class).ifPresent(resource -> resources.put(key,
						resource instanceof org.hl7.fhir.r4.model.Patient woman && pseudonymisingAgreement.isPresent()
								? minimisation.pseudonymise(woman, pseudonymisingAgreement.get())
								: resource.copy()));
			}
		}
		return new ArrayList<>(resources.values());
	}
}
