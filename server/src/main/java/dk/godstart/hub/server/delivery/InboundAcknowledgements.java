package dk.godstart.hub.server.delivery;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.delivery.Acknowledgement;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

/**
 * The hub's acknowledgement of a message it received at {@code $process-message}, in MedCom's shape (profile
 * HubAcknowledgement): a message Bundle whose header answers the received one ({@code response.identifier} its
 * MessageHeader id, {@code response.code} ok, transient-error or fatal-error), addressed back to its sender and sent in
 * the name of the organisation it was addressed to, with the OperationOutcome that says what the hub did or what is
 * wrong, a Provenance naming the acknowledged message, and both organisations as they came. Pure.
 */
public class InboundAcknowledgements {

	private static final String HUB_ACTIVITY = GodStartIg.CodeSystems.PROVENANCE_ACTIVITY;

	private final Clock clock;

	public InboundAcknowledgements(Clock clock) {
		this.clock = clock;
	}

	/** The acknowledgement of {@code received} with {@code code} and {@code outcome}, from the hub at {@code hubBase}. */
	public Bundle acknowledge(Bundle received, Acknowledgement.Code code, OperationOutcome outcome, String hubBase) {
		MessageHeader answered = (MessageHeader) received.getEntryFirstRep().getResource();
		String answeredId = answered.getIdElement().getIdPart();
		String answeredUrl = received.getEntryFirstRep().hasFullUrl() ? received.getEntryFirstRep().getFullUrl()
				: "MessageHeader/" + answeredId;
		Optional<Bundle.BundleEntryComponent> theirSender = entry(received, answered.getSender().getReference());
		Optional<Bundle.BundleEntryComponent> addressedTo = answered.getDestination().stream()
				.filter(destination -> destination.getExtension().stream()
						.noneMatch(use -> use.getValue() instanceof Coding coding && "cc".equals(coding.getCode())))
				.findFirst()
				.flatMap(destination -> entry(received, destination.getReceiver().getReference()));
		Date now = Date.from(clock.instant());

		// absolute URLs at the hub, as its messages have: the entries keep their ids (a urn:uuid entry's id is dropped by
		// encoders), so a repeat is answered with the very same acknowledgement
		String headerId = UUID.randomUUID().toString();
		String headerUrl = hubBase + "/MessageHeader/" + headerId;
		String outcomeId = UUID.randomUUID().toString();
		String outcomeUrl = hubBase + "/OperationOutcome/" + outcomeId;
		MessageHeader header = new MessageHeader();
		header.setId(headerId);
		header.getMeta().addProfile(GodStartIg.Profiles.HUB_ACKNOWLEDGEMENT_HEADER);
		header.setEvent(new Coding(GodStartIg.MedCom.EVENT_CODES, GodStartIg.MedCom.ACKNOWLEDGEMENT_MESSAGE,
				"Acknowledgement Message"));
		MessageHeader.MessageDestinationComponent destination = header.addDestination()
				.setEndpoint(answered.getSource().getEndpoint());
		theirSender.ifPresent(org -> destination.setReceiver(new Reference(org.getFullUrl())));
		destination.addExtension(GodStartIg.Extensions.DESTINATION_USE,
				new Coding(GodStartIg.CodeSystems.DESTINATION_USE, "primary", "Primary"));
		destination.addExtension(GodStartIg.MedCom.DESTINATION_USE_EXTENSION,
				new Coding(GodStartIg.MedCom.DESTINATION_USE_CODES, "primary", "Primary"));
		addressedTo.ifPresent(org -> header.setSender(new Reference(org.getFullUrl())));
		header.getSource().setName("GodStart Hub").setEndpoint(hubBase + "/$process-message");
		header.getResponse().setIdentifier(answeredId).setCode(code.fhir())
				.setDetails(new Reference(outcomeUrl));

		Provenance provenance = new Provenance();
		provenance.setId(UUID.randomUUID().toString());
		provenance.addTarget(new Reference(headerUrl));
		provenance.setOccurred(new DateTimeType(now));
		provenance.setRecorded(now);
		provenance.setActivity(new CodeableConcept()
				.addCoding(new Coding(HUB_ACTIVITY, "acknowledgement", "Acknowledgement"))
				.addCoding(new Coding(GodStartIg.MedCom.ACTIVITY_CODES, "acknowledgement", "Acknowledgement")));
		addressedTo.ifPresent(org -> provenance.addAgent().setWho(new Reference(org.getFullUrl())));
		provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.REVISION).setWhat(new Reference(answeredUrl));

		Bundle acknowledgement = new Bundle();
		acknowledgement.setId(UUID.randomUUID().toString());
		acknowledgement.getMeta().addProfile(GodStartIg.Profiles.HUB_ACKNOWLEDGEMENT);
		acknowledgement.setType(Bundle.BundleType.MESSAGE);
		acknowledgement.setTimestamp(now);
		acknowledgement.addEntry().setFullUrl(headerUrl).setResource(header);
		acknowledgement.addEntry().setFullUrl(hubBase + "/Provenance/" + provenance.getId()).setResource(provenance);
		acknowledgement.addEntry().setFullUrl(outcomeUrl).setResource(outcome.setId(outcomeId));
		addressedTo.ifPresent(org -> acknowledgement.addEntry().setFullUrl(org.getFullUrl()).setResource(org.getResource()));
		theirSender.filter(org -> addressedTo.map(to -> !to.getFullUrl().equals(org.getFullUrl())).orElse(true))
				.ifPresent(org -> acknowledgement.addEntry().setFullUrl(org.getFullUrl()).setResource(org.getResource()));
		return acknowledgement;
	}

	/**
	 * The same acknowledgement in a new envelope (a new Bundle.id and time), for a resend of a message taken before:
	 * MedCom's sender resends with a new envelope, and the receiver answers with the same acknowledgement content.
	 */
	public Bundle reenvelope(Bundle earlier) {
		Bundle again = earlier.copy();
		again.setId(UUID.randomUUID().toString());
		again.setTimestamp(Date.from(clock.instant()));
		return again;
	}

	private static Optional<Bundle.BundleEntryComponent> entry(Bundle message, String reference) {
		if (reference == null) {
			return Optional.empty();
		}
		return message.getEntry().stream()
				.filter(entry -> entry.getResource() instanceof Organization)
				.filter(entry -> reference.equals(entry.getFullUrl())
						|| entry.getFullUrl() != null && entry.getFullUrl().endsWith("/" + reference)
						|| reference.equals("Organization/" + entry.getResource().getIdElement().getIdPart()))
				.findFirst()
				.map(entry -> {
					Bundle.BundleEntryComponent copy = entry.copy();
					if (!copy.hasFullUrl()) {
						copy.setFullUrl(reference);
					}
					return copy;
				});
	}
}
