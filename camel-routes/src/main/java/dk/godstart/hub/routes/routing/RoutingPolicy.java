package dk.godstart.hub.routes.routing;

import dk.godstart.hub.routes.agreements.Agreement;
import dk.godstart.hub.routes.agreements.AgreementTerm;
import dk.godstart.hub.routes.agreements.Agreements;
import dk.godstart.hub.routes.agreements.Disclosures;
import dk.godstart.hub.routes.agreements.LegalBasisRule;
import dk.godstart.hub.routes.delivery.ParkReason;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.network.CareNetworks;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Who is told about an event, and on what basis. The workflow names the candidates (a {@link RecipientRule} per family
 * of events, plus partners with their own endpoint that an agreement names as recipients of the event); then every
 * candidate is decided alike: an agreement in force must have a term for the event whose parties cover the sending and
 * the receiving unit ({@link Agreement}), the legal basis that term names must hold now ({@link LegalBasisRule}), and
 * the recipient must have an endpoint for it ({@link EndpointResolver}). Otherwise the notification is parked
 * {@code no-agreement}, {@code no-legal-basis} or {@code no-endpoint}, saying what is missing, and nothing is sent.
 */
public class RoutingPolicy {

	private final HubDirectory directory;
	private final Agreements agreements;
	private final Organisations organisations;
	private final Disclosures disclosures;
	private final EndpointResolver endpoints;
	private final ForwardedMessageRecipients forwarded;
	private final PostnatalVisitOwner postnatalVisitOwner;
	private final Map<MessageEvent, RecipientRule> rules = new EnumMap<>(MessageEvent.class);

	public RoutingPolicy(HubDirectory directory, Clock clock) {
		this.directory = directory;
		this.organisations = new Organisations(directory);
		this.disclosures = new Disclosures(directory, organisations, clock);
		this.agreements = disclosures.agreements();
		this.endpoints = new EndpointResolver(directory);
		this.forwarded = new ForwardedMessageRecipients(directory);
		this.postnatalVisitOwner = new PostnatalVisitOwner(directory, organisations, agreements);
		for (RecipientRule rule : List.of(
				new ReferralRecipients(organisations),
				new ReferralAnswerRecipients(directory, organisations),
				new CareLevelRecipients(directory, organisations),
				new HospitalStayRecipients(directory, organisations),
				new PostnatalVisitRecipients(organisations),
				new ResidentialTreatmentRecipients(organisations),
				new ConcernRecipients(directory, organisations),
				new NetworkRecipients(new CareNetworks(directory), organisations, clock))) {
			rule.events().forEach(event -> rules.put(event, rule));
		}
	}

	public RoutingPlan plan(MessageEvent event, Resource focus) {
		List<Agreement> inForce = agreements.inForce();
		Recipients recipients;
		boolean fromWorkflow = !(focus instanceof Bundle message && message.getType() == Bundle.BundleType.MESSAGE);
		if (!fromWorkflow) {
			recipients = forwarded.recipients(event, (Bundle) focus);
		} else {
			RecipientRule rule = rules.get(event);
			if (rule == null) {
				throw new RoutingException("No routing rule for " + event.code() + " about a " + focus.fhirType());
			}
			recipients = rule.recipients(event, focus);
			if (rule.namesPartners()) {
				namedPartners(event, recipients.sender(), inForce).forEach(partner -> recipients.add(partner, DestinationUse.CC));
			}
		}
		List<RoutingDecision> decisions = new ArrayList<>();
		Map<Organization, DestinationUse> named = recipients.named();
		boolean primaryTaken = !fromWorkflow || named.containsValue(DestinationUse.PRIMARY);
		for (Map.Entry<Organization, DestinationUse> recipient : named.entrySet()) {
			DestinationUse use = recipient.getValue();
			if (!primaryTaken) {
				// Every message has one receiver expected to act; without a workflow recipient the first is it.
				use = DestinationUse.PRIMARY;
				primaryTaken = true;
			}
			decisions.add(decide(event, recipients.sender(), recipient.getKey(), use, recipients.subject(),
					recipients.about(), inForce));
		}
		return new RoutingPlan(recipients.sender(), recipients.subject(), recipients.about(), decisions);
	}

	/** The decision for one recipient, as routing makes it and as a re-drive makes it again, as things are now. */
	public RoutingDecision decide(MessageEvent event, Organization sender, Organization recipient, DestinationUse use,
			Patient subject, List<Resource> about) {
		return decide(event, sender, recipient, use, subject, about, agreements.inForce());
	}

	/** At send time, whether her consent still holds for a notification queued on it ({@link LegalBasisRule}). */
	public Optional<String> consentWithdrawnSince(MessageEvent event, org.hl7.fhir.r4.model.Communication notification,
			java.time.Instant routedAfter) {
		return disclosures.legalBasis().consentWithdrawnSince(event, notification, routedAfter);
	}

	/** Who owns a first-time mother's postnatal home visit ({@link PostnatalVisitOwner}). */
	public Optional<Organization> postnatalVisitOwner(Organization birthSite, Patient mother) {
		return postnatalVisitOwner.of(birthSite, mother);
	}

	private RoutingDecision decide(MessageEvent event, Organization sender, Organization recipient, DestinationUse use,
			Patient subject, List<Resource> about, List<Agreement> inForce) {
		Disclosures.Assessment assessment = disclosures.assess(event, sender, recipient, subject, about, inForce);
		if (assessment.lawful()) {
			Agreement agreement = assessment.agreement();
			AgreementTerm term = assessment.term();
			Optional<Endpoint> endpoint = endpoints.endpointFor(recipient, event);
			if (endpoint.isEmpty()) {
				return new RoutingDecision(recipient, use, agreement.contract(), null, ParkReason.NO_ENDPOINT,
						Organisations.describe(recipient) + " has no active endpoint accepting " + event.code(),
						term.deadline(), assessment.verdict().basis(), assessment.verdict().evidence());
			}
			return new RoutingDecision(recipient, use, agreement.contract(), endpoint.get(), null, null,
					term.deadline(), assessment.verdict().basis(), assessment.verdict().evidence());
		}
		if (assessment.noAgreement()) {
			return new RoutingDecision(recipient, use, null, null, ParkReason.NO_AGREEMENT,
					"No cross-sector agreement in force has a term for " + event.code() + " from "
							+ Organisations.describe(sender) + " to " + Organisations.describe(recipient), null, null, null);
		}
		return new RoutingDecision(recipient, use, assessment.firstCovering().contract(), null, ParkReason.NO_LEGAL_BASIS,
				"No legal basis to tell " + Organisations.describe(recipient) + " of " + event.code() + ": "
						+ String.join("; ", assessment.missing()), null, assessment.firstRefusal().basis(), null);
	}

	/**
	 * Partners an agreement names as recipients of this event from the sender's party, which have their own endpoint
	 * (a civil-society partner, a registry). Municipalities and regions are parties, not addresses: their units are
	 * reached through the woman's address or the workflow, never by broadcasting to every unit.
	 */
	private List<Organization> namedPartners(MessageEvent event, Organization sender, List<Agreement> inForce) {
		Set<String> senderParties = organisations.selfAndAncestors(sender);
		Set<String> seen = new HashSet<>();
		List<Organization> partners = new ArrayList<>();
		for (Agreement agreement : inForce) {
			for (AgreementTerm term : agreement.termsFrom(event, senderParties)) {
				for (String recipient : term.recipients()) {
					if (seen.add(recipient)) {
						directory.read(new IdType(recipient), Organization.class)
								.filter(org -> org.hasEndpoint() && !Organisations.hasMunicipalityCode(org))
								.ifPresent(partners::add);
					}
				}
			}
		}
		return partners;
	}
}
