package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.EventClassifier;
import dk.godstart.hub.routes.events.MessageEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Who must know about an event, and on what basis. Recipients come from the workflow (the family ambulatory
 * referred to, the referrer who gets the answer, the woman's municipality when she consented) and from the agreements
 * (partners with their own endpoint named as recipients of the event). Each recipient is then allowed only by an
 * agreement in force whose term for this event names a party covering the sender and a party covering the recipient;
 * a unit is covered by its own name or any organisation above it ({@code partOf}).
 */
public class RoutingPolicy {

	static final String CONSENT_EXTENSION = GodStartIg.CANONICAL + "/StructureDefinition/consent-to-inform-municipality";
	static final String AGREEMENT_PARTY_EXTENSION = GodStartIg.CANONICAL + "/StructureDefinition/agreement-party";
	static final String DEADLINE_EXTENSION = GodStartIg.CANONICAL + "/StructureDefinition/notification-deadline";
	static final String ORGANIZATION_TYPE_SYSTEM = GodStartIg.CANONICAL + "/CodeSystem/organization-type";
	static final String MUNICIPAL_FAMILY_DEPARTMENT = "municipal-family-department";
	static final String HEALTH_VISITORS = "health-visitors";
	static final String RESIDENTIAL_REFERRER_EXTENSION = GodStartIg.CANONICAL + "/StructureDefinition/residential-referrer";
	static final String CURRENT_CARE_LEVEL_EXTENSION = GodStartIg.CANONICAL + "/StructureDefinition/current-care-level";
	private static final Set<Contract.ContractStatus> BINDING = Set.of(
			Contract.ContractStatus.EXECUTED, Contract.ContractStatus.AMENDED,
			Contract.ContractStatus.APPENDED, Contract.ContractStatus.RENEWED);
	private static final Set<String> DELIVERY_CONNECTION_TYPES = Set.of("hl7-fhir-msg", "rest-hook");
	private static final int MAX_PART_OF_DEPTH = 10;

	private final HubDirectory directory;
	private final Clock clock;

	public RoutingPolicy(HubDirectory directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
	}

	public RoutingPlan plan(MessageEvent event, Resource focus) {
		if (focus instanceof Bundle message && message.getType() == Bundle.BundleType.MESSAGE) {
			return forward(event, message);
		}
		return switch (event) {
			case REFERRAL_CREATED, REFERRAL_CANCELLED -> referral(event, (ServiceRequest) focus);
			case REFERRAL_ACCEPTED, REFERRAL_REJECTED, REFERRAL_COMPLETED -> answer(event, (Task) focus);
			case CARE_LEVEL_CHANGED -> careLevel(event, (Observation) focus);
			case ADMISSION, DISCHARGE, ADMISSION_CANCELLED, DISCHARGE_CANCELLED, LEAVE_STARTED, LEAVE_ENDED, DEATH ->
					hospitalStay(event, (Encounter) focus);
			case POSTNATAL_HOME_VISIT -> postnatalVisit(event, (Task) focus);
			case RESIDENTIAL_OFFER, RESIDENTIAL_DECLINED, RESIDENTIAL_ADMISSION, RESIDENTIAL_DISCHARGE ->
					residentialTreatment(event, (EpisodeOfCare) focus);
			default -> throw new RoutingException("No routing rule for " + event.code() + " about a " + focus.fhirType());
		};
	}

	/**
	 * A message from another hub or a hospital, passed on to the receivers its header names: each receiver and the
	 * sender are matched to organisations known here by SOR code or GLN, the woman by CPR number, and each receiver
	 * is then decided like any other notification (agreement, endpoint). Receivers not known here are left out.
	 */
	private RoutingPlan forward(MessageEvent event, Bundle message) {
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
		Map<String, DestinationUse> recipients = new LinkedHashMap<>();
		for (MessageHeader.MessageDestinationComponent destination : header.getDestination()) {
			Extension use = destination.getExtensionByUrl(GodStartIg.CANONICAL + "/StructureDefinition/destination-use");
			DestinationUse destinationUse = use != null && use.getValue() instanceof Coding coding
					? DestinationUse.fromCode(coding.getCode()) : DestinationUse.CC;
			entry(message, destination.getReceiver(), Organization.class)
					.flatMap(this::localOrganization)
					.ifPresent(org -> add(recipients, org, destinationUse));
		}
		recipients.remove(key(sender));
		List<Contract> agreements = agreementsInForce();
		List<RoutingDecision> decisions = new ArrayList<>();
		for (Map.Entry<String, DestinationUse> recipient : recipients.entrySet()) {
			Organization organization = directory.read(new IdType(recipient.getKey()), Organization.class).orElseThrow();
			decisions.add(decide(event, sender, organization, recipient.getValue(), agreements));
		}
		return new RoutingPlan(sender, subject, List.of(message), decisions);
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

	/** The decision for one recipient, as routing makes it and as a re-drive makes it again. */
	public RoutingDecision decide(MessageEvent event, Organization sender, Organization recipient, DestinationUse use) {
		return decide(event, sender, recipient, use, agreementsInForce());
	}

	private List<Contract> agreementsInForce() {
		return directory.bindingAgreements().stream().filter(this::inForce).toList();
	}

	private RoutingDecision decide(MessageEvent event, Organization sender, Organization recipient, DestinationUse use,
			List<Contract> agreements) {
		Set<String> senderParties = selfAndAncestors(sender);
		Set<String> recipientParties = selfAndAncestors(recipient);
		Optional<Contract.TermComponent> term = Optional.empty();
		Contract agreement = null;
		for (Contract candidate : agreements) {
			term = coveringTerm(candidate, event, senderParties, recipientParties);
			if (term.isPresent()) {
				agreement = candidate;
				break;
			}
		}
		if (agreement == null) {
			return new RoutingDecision(recipient, use, null, null, ParkReason.NO_AGREEMENT,
					"No cross-sector agreement in force has a term for " + event.code() + " from "
							+ describe(sender) + " to " + describe(recipient), null);
		}
		Duration deadline = deadline(term.get());
		Optional<Endpoint> endpoint = endpointFor(recipient, event);
		if (endpoint.isEmpty()) {
			return new RoutingDecision(recipient, use, agreement, null, ParkReason.NO_ENDPOINT,
					describe(recipient) + " has no active endpoint accepting " + event.code(), deadline);
		}
		return new RoutingDecision(recipient, use, agreement, endpoint.get(), null, null, deadline);
	}

	/** The term's notification deadline (UCUM s, min, h, d or wk), if it states one this hub understands. */
	static Duration deadline(Contract.TermComponent term) {
		Extension extension = term.getExtensionByUrl(DEADLINE_EXTENSION);
		if (extension == null || !(extension.getValue() instanceof org.hl7.fhir.r4.model.Duration duration)
				|| !duration.hasValue() || !duration.hasCode()) {
			return null;
		}
		double amount = duration.getValue().doubleValue();
		double seconds = switch (duration.getCode()) {
			case "s" -> amount;
			case "min" -> amount * 60;
			case "h" -> amount * 3_600;
			case "d" -> amount * 86_400;
			case "wk" -> amount * 604_800;
			default -> -1;
		};
		return seconds < 0 ? null : Duration.ofSeconds((long) seconds);
	}

	private RoutingPlan referral(MessageEvent event, ServiceRequest referral) {
		Organization sender = organizationOf(referral.getRequester())
				.orElseThrow(() -> new RoutingException("The requester of ServiceRequest/" + idOf(referral)
						+ " names no organisation known to the hub"));
		Patient subject = patient(referral.getSubject());
		Map<String, DestinationUse> recipients = new LinkedHashMap<>();
		organizationOf(referral.getPerformerFirstRep()).ifPresent(org -> add(recipients, org, DestinationUse.PRIMARY));
		if (consents(referral)) {
			homeMunicipalUnits(subject).forEach(org -> add(recipients, org, DestinationUse.CC));
		}
		return plan(event, sender, subject, List.of(referral), recipients);
	}

	private RoutingPlan answer(MessageEvent event, Task task) {
		ServiceRequest referral = directory.read(idOf(task.getFocus()), ServiceRequest.class)
				.orElseThrow(() -> new RoutingException("Task/" + idOf(task) + " answers a referral the hub does not have: "
						+ task.getFocus().getReference()));
		Organization sender = organizationOf(task.getOwner())
				.orElseThrow(() -> new RoutingException("The owner of Task/" + idOf(task) + " is not an organisation known to the hub"));
		Patient subject = patient(task.hasFor() ? task.getFor() : referral.getSubject());
		Map<String, DestinationUse> recipients = new LinkedHashMap<>();
		Reference requester = task.hasRequester() ? task.getRequester() : referral.getRequester();
		organizationOf(requester).ifPresent(org -> add(recipients, org, DestinationUse.PRIMARY));
		if (consents(referral)) {
			homeMunicipalUnits(subject).forEach(org -> add(recipients, org, DestinationUse.CC));
		}
		return plan(event, sender, subject, List.of(task, referral), recipients);
	}

	private RoutingPlan careLevel(MessageEvent event, Observation careLevel) {
		Organization sender = careLevel.getPerformer().stream()
				.map(this::organizationOf)
				.flatMap(Optional::stream)
				.findFirst()
				.orElseThrow(() -> new RoutingException("No performer of Observation/" + idOf(careLevel)
						+ " is, or works for, an organisation known to the hub"));
		Patient subject = patient(careLevel.getSubject());
		Map<String, DestinationUse> recipients = new LinkedHashMap<>();
		boolean consented = directory.referralsAbout(idOf(subject)).stream().anyMatch(RoutingPolicy::consents);
		if (consented) {
			homeMunicipalUnits(subject).forEach(org -> add(recipients, org, DestinationUse.CC));
		}
		return plan(event, sender, subject, List.of(careLevel), recipients);
	}

	/**
	 * A hospital stay of a woman the hub follows closely: her home municipality is told of admission and discharge
	 * (and of either being taken back) when she has an active family-ambulatory referral in which she consented to the
	 * municipality being informed, or her pregnancy is at care level 3 or 4. The hospital unit is the sender.
	 */
	private RoutingPlan hospitalStay(MessageEvent event, Encounter stay) {
		Organization sender = organizationOf(stay.getServiceProvider())
				.orElseThrow(() -> new RoutingException("The service provider of Encounter/" + idOf(stay)
						+ " is not an organisation known to the hub"));
		Patient subject = patient(stay.getSubject());
		Map<String, DestinationUse> recipients = new LinkedHashMap<>();
		boolean referredWithConsent = directory.referralsAbout(idOf(subject)).stream()
				.anyMatch(referral -> referral.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE && consents(referral));
		if (referredWithConsent || atCareLevelThreeOrFour(stay)) {
			homeMunicipalUnits(subject).forEach(org -> add(recipients, org, DestinationUse.PRIMARY));
		}
		return plan(event, sender, subject, List.of(stay), recipients);
	}

	/**
	 * A step of a residential treatment episode, from the unit: the organisation that referred her is told, and the
	 * partners the agreement names for the event (the residential treatment registry) get it from their own endpoint,
	 * with only what that agreement's term lets them have.
	 */
	private RoutingPlan residentialTreatment(MessageEvent event, EpisodeOfCare episode) {
		Organization sender = organizationOf(episode.getManagingOrganization())
				.orElseThrow(() -> new RoutingException("The managing organisation of EpisodeOfCare/" + idOf(episode)
						+ " is not an organisation known to the hub"));
		Patient subject = patient(episode.getPatient());
		Map<String, DestinationUse> recipients = new LinkedHashMap<>();
		Extension referrer = episode.getExtensionByUrl(RESIDENTIAL_REFERRER_EXTENSION);
		if (referrer != null && referrer.getValue() instanceof Reference reference) {
			organizationOf(reference).ifPresent(org -> add(recipients, org, DestinationUse.CC));
		}
		return plan(event, sender, subject, List.of(episode), recipients);
	}

	/** A first-time mother's home visit: its owner must act; her municipality's health visitors are told too. */
	private RoutingPlan postnatalVisit(MessageEvent event, Task visit) {
		Organization sender = organizationOf(visit.getRequester())
				.orElseThrow(() -> new RoutingException("The requester of Task/" + idOf(visit) + " is not an organisation known to the hub"));
		Patient mother = patient(visit.getFor());
		Map<String, DestinationUse> recipients = new LinkedHashMap<>();
		organizationOf(visit.getOwner()).ifPresent(owner -> add(recipients, owner, DestinationUse.PRIMARY));
		healthVisitors(mother).forEach(unit -> add(recipients, unit, DestinationUse.CC));
		return plan(event, sender, mother, List.of(visit), recipients);
	}

	/**
	 * Who owns a first-time mother's postnatal home visit: the recipient an agreement in force names for
	 * {@code postnatal-home-visit} from the birth site's side (the hospital's own home-visit service, say); a
	 * municipality named there means her home municipality's health visitors. Empty when no agreement says.
	 */
	public Optional<Organization> postnatalVisitOwner(Organization birthSite, Patient mother) {
		Set<String> senderParties = selfAndAncestors(birthSite);
		for (Contract agreement : agreementsInForce()) {
			for (Contract.TermComponent term : agreement.getTerm()) {
				if (!isTermFor(term, MessageEvent.POSTNATAL_HOME_VISIT)
						|| termParties(term, "sender").stream().noneMatch(senderParties::contains)) {
					continue;
				}
				for (String recipient : termParties(term, "recipient")) {
					Optional<Organization> named = directory.read(new IdType(recipient), Organization.class);
					if (named.isPresent() && hasMunicipalityCode(named.get())) {
						Optional<Organization> visitors = healthVisitors(mother).stream().findFirst();
						if (visitors.isPresent()) {
							return visitors;
						}
					} else if (named.isPresent()) {
						return named;
					}
				}
			}
		}
		return Optional.empty();
	}

	private List<Organization> healthVisitors(Patient patient) {
		String code = municipalityCode(patient);
		return code == null ? List.of() : directory.municipalUnits(code, HEALTH_VISITORS);
	}

	private boolean atCareLevelThreeOrFour(Encounter stay) {
		for (Reference episode : stay.getEpisodeOfCare()) {
			Optional<String> level = directory.read(idOf(episode), EpisodeOfCare.class)
					.map(pregnancy -> pregnancy.getExtensionByUrl(CURRENT_CARE_LEVEL_EXTENSION))
					.filter(extension -> extension.getValue() instanceof Reference)
					.flatMap(extension -> directory.read(idOf((Reference) extension.getValue()), Observation.class))
					.map(EventClassifier::careLevelOf);
			if (level.filter(value -> value.equals("3") || value.equals("4")).isPresent()) {
				return true;
			}
		}
		return false;
	}

	private RoutingPlan plan(MessageEvent event, Organization sender, Patient subject, List<Resource> about,
			Map<String, DestinationUse> recipients) {
		List<Contract> agreements = agreementsInForce();
		namedPartners(event, sender, agreements).forEach(org -> add(recipients, org, DestinationUse.CC));
		recipients.remove(key(sender));
		List<RoutingDecision> decisions = new ArrayList<>();
		boolean primaryTaken = recipients.containsValue(DestinationUse.PRIMARY);
		for (Map.Entry<String, DestinationUse> entry : recipients.entrySet()) {
			Organization recipient = directory.read(new IdType(entry.getKey()), Organization.class).orElseThrow();
			DestinationUse use = entry.getValue();
			if (!primaryTaken) {
				// Every message has one receiver expected to act; without a workflow recipient the first is it.
				use = DestinationUse.PRIMARY;
				primaryTaken = true;
			}
			decisions.add(decide(event, sender, recipient, use, agreements));
		}
		return new RoutingPlan(sender, subject, about, decisions);
	}

	/**
	 * Partners an agreement names as recipients of this event from the sender's party, which have their own endpoint
	 * (a civil-society partner, a registry). Municipalities and regions are parties, not addresses: their units are
	 * reached through the woman's address or the workflow, never by broadcasting to every unit.
	 */
	private List<Organization> namedPartners(MessageEvent event, Organization sender, List<Contract> agreements) {
		Set<String> senderParties = selfAndAncestors(sender);
		Set<String> seen = new HashSet<>();
		List<Organization> partners = new ArrayList<>();
		for (Contract agreement : agreements) {
			for (Contract.TermComponent term : agreement.getTerm()) {
				if (!isTermFor(term, event) || !termParties(term, "sender").stream().anyMatch(senderParties::contains)) {
					continue;
				}
				for (String recipient : termParties(term, "recipient")) {
					if (!seen.add(recipient)) {
						continue;
					}
					directory.read(new IdType(recipient), Organization.class)
							.filter(org -> org.hasEndpoint() && !hasMunicipalityCode(org))
							.ifPresent(partners::add);
				}
			}
		}
		return partners;
	}

	private Optional<Contract.TermComponent> coveringTerm(Contract agreement, MessageEvent event, Set<String> senderParties,
			Set<String> recipientParties) {
		Set<String> parties = new HashSet<>();
		for (Extension party : agreement.getExtensionsByUrl(AGREEMENT_PARTY_EXTENSION)) {
			if (party.getValue() instanceof Reference reference) {
				parties.add(key(reference));
			}
		}
		for (Contract.TermComponent term : agreement.getTerm()) {
			if (!isTermFor(term, event)) {
				continue;
			}
			boolean sender = termParties(term, "sender").stream().anyMatch(p -> parties.contains(p) && senderParties.contains(p));
			boolean recipient = termParties(term, "recipient").stream()
					.anyMatch(p -> parties.contains(p) && recipientParties.contains(p));
			if (sender && recipient) {
				return Optional.of(term);
			}
		}
		return Optional.empty();
	}

	private static boolean isTermFor(Contract.TermComponent term, MessageEvent event) {
		return term.getType().hasCoding(MessageEvent.SYSTEM, event.code());
	}

	private static List<String> termParties(Contract.TermComponent term, String role) {
		List<String> parties = new ArrayList<>();
		for (Contract.ContractOfferComponent offer : List.of(term.getOffer())) {
			for (Contract.ContractPartyComponent party : offer.getParty()) {
				boolean hasRole = party.getRole().getCoding().stream().anyMatch(c -> role.equals(c.getCode()));
				if (hasRole) {
					party.getReference().forEach(reference -> parties.add(key(reference)));
				}
			}
		}
		return parties;
	}

	boolean inForce(Contract agreement) {
		return inForce(agreement, clock.instant());
	}

	/** Binding (executed or a later binding state) and {@code at} within its period of application. */
	public static boolean inForce(Contract agreement, java.time.Instant at) {
		if (!BINDING.contains(agreement.getStatus()) || !agreement.hasApplies()) {
			return false;
		}
		Date now = Date.from(at);
		Date start = agreement.getApplies().getStart();
		Date end = agreement.getApplies().getEnd();
		return (start == null || !start.after(now)) && (end == null || !end.before(now));
	}

	private Optional<Endpoint> endpointFor(Organization recipient, MessageEvent event) {
		for (Reference reference : recipient.getEndpoint()) {
			Optional<Endpoint> endpoint = directory.read(idOf(reference), Endpoint.class)
					.filter(e -> e.getStatus() == Endpoint.EndpointStatus.ACTIVE)
					.filter(e -> DELIVERY_CONNECTION_TYPES.contains(e.getConnectionType().getCode()))
					.filter(e -> e.getPayloadType().isEmpty()
							|| e.getPayloadType().stream().anyMatch(t -> t.hasCoding(MessageEvent.SYSTEM, event.code())));
			if (endpoint.isPresent()) {
				return endpoint;
			}
		}
		return Optional.empty();
	}

	/** The woman's municipality's family department, found from the municipality code on her address. */
	private List<Organization> homeMunicipalUnits(Patient patient) {
		String code = municipalityCode(patient);
		return code == null ? List.of() : directory.municipalUnits(code, MUNICIPAL_FAMILY_DEPARTMENT);
	}

	static String municipalityCode(Patient patient) {
		return patient.getAddress().stream()
				.filter(address -> address.getUse() != org.hl7.fhir.r4.model.Address.AddressUse.OLD)
				.flatMap(address -> address.getExtensionsByUrl(GodStartIg.MUNICIPALITY_CODE_EXTENSION).stream())
				.map(Extension::getValue)
				.filter(CodeableConcept.class::isInstance)
				.map(CodeableConcept.class::cast)
				.flatMap(concept -> concept.getCoding().stream())
				.filter(coding -> GodStartIg.MUNICIPALITY_CODE_SYSTEM.equals(coding.getSystem()))
				.map(coding -> coding.getCode())
				.findFirst()
				.orElse(null);
	}

	static boolean consents(ServiceRequest referral) {
		Extension consent = referral.getExtensionByUrl(CONSENT_EXTENSION);
		return consent != null && consent.getValue() instanceof BooleanType value && value.booleanValue();
	}

	private static boolean hasMunicipalityCode(Organization organization) {
		return organization.getIdentifier().stream()
				.map(Identifier::getSystem)
				.anyMatch(GodStartIg.MUNICIPALITY_CODE_SYSTEM::equals);
	}

	/** The organisation behind a reference to an Organization or to a PractitionerRole working for one. */
	Optional<Organization> organizationOf(Reference reference) {
		if (reference == null || !reference.hasReference()) {
			return Optional.empty();
		}
		IIdType id = idOf(reference);
		if ("PractitionerRole".equals(id.getResourceType())) {
			return directory.read(id, PractitionerRole.class)
					.filter(PractitionerRole::hasOrganization)
					.flatMap(role -> directory.read(idOf(role.getOrganization()), Organization.class));
		}
		if ("Organization".equals(id.getResourceType())) {
			return directory.read(id, Organization.class);
		}
		return Optional.empty();
	}

	private Patient patient(Reference reference) {
		return directory.read(idOf(reference), Patient.class)
				.orElseThrow(() -> new RoutingException("The woman the event is about is not stored: " + reference.getReference()));
	}

	private Set<String> selfAndAncestors(Organization organization) {
		Set<String> keys = new HashSet<>();
		Organization current = organization;
		for (int depth = 0; current != null && depth < MAX_PART_OF_DEPTH; depth++) {
			if (!keys.add(key(current))) {
				break;
			}
			current = current.hasPartOf()
					? directory.read(idOf(current.getPartOf()), Organization.class).orElse(null)
					: null;
		}
		return keys;
	}

	private static void add(Map<String, DestinationUse> recipients, Organization organization, DestinationUse use) {
		recipients.merge(key(organization), use, (a, b) -> a == DestinationUse.PRIMARY ? a : b);
	}

	static String key(Organization organization) {
		return "Organization/" + organization.getIdElement().getIdPart();
	}

	static String key(Reference reference) {
		IIdType id = reference.getReferenceElement();
		return id.getResourceType() + "/" + id.getIdPart();
	}

	private static IIdType idOf(Reference reference) {
		IIdType id = reference.getReferenceElement();
		return new IdType(id.getResourceType(), id.getIdPart());
	}

	private static IIdType idOf(Resource resource) {
		return resource.getIdElement().toUnqualifiedVersionless();
	}

	private static String describe(Organization organization) {
		return (organization.hasName() ? organization.getName() + " " : "") + "(" + key(organization) + ")";
	}
}
