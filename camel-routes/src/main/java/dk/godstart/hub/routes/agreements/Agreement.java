package dk.godstart.hub.routes.agreements;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.MessageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

/**
 * What a cross-sector agreement (a {@code CrossSectorAgreement} Contract) means, in one place: when it is in force,
 * who is party to it, and its terms (event, senders, recipients, deadline, legal basis, data minimisation). Routing,
 * access control and data minimisation all read agreements through this class. Terms may name only parties to the
 * agreement; a term naming another organisation is read without it (an agreement cannot bind who has not signed it).
 */
public final class Agreement {


	private static final Set<Contract.ContractStatus> BINDING = Set.of(
			Contract.ContractStatus.EXECUTED, Contract.ContractStatus.AMENDED,
			Contract.ContractStatus.APPENDED, Contract.ContractStatus.RENEWED);

	private final Contract contract;
	private final Set<String> parties;
	private final List<AgreementTerm> terms;

	private Agreement(Contract contract, Set<String> parties, List<AgreementTerm> terms) {
		this.contract = contract;
		this.parties = parties;
		this.terms = terms;
	}

	public static Agreement of(Contract contract) {
		Set<String> parties = new LinkedHashSet<>();
		for (Extension party : contract.getExtensionsByUrl(GodStartIg.Extensions.AGREEMENT_PARTY)) {
			if (party.getValue() instanceof Reference reference && reference.hasReference()) {
				parties.add(key(reference));
			}
		}
		List<AgreementTerm> terms = new ArrayList<>();
		for (Contract.TermComponent term : contract.getTerm()) {
			Optional<MessageEvent> event = term.getType().getCoding().stream()
					.filter(coding -> MessageEvent.SYSTEM.equals(coding.getSystem()))
					.flatMap(coding -> MessageEvent.fromCode(coding.getCode()).stream())
					.findFirst();
			if (event.isEmpty()) {
				continue;
			}
			Set<String> senders = termParties(term, "sender");
			Set<String> recipients = termParties(term, "recipient");
			senders.retainAll(parties);
			recipients.retainAll(parties);
			terms.add(new AgreementTerm(event.get(), Collections.unmodifiableSet(senders),
					Collections.unmodifiableSet(recipients), deadline(term), legalBasis(term), pseudonymised(term),
					term.getText()));
		}
		return new Agreement(contract, Collections.unmodifiableSet(parties), List.copyOf(terms));
	}

	public String id() {
		return contract.getIdElement().getIdPart();
	}

	public Contract contract() {
		return contract;
	}

	public Set<String> parties() {
		return parties;
	}

	public List<AgreementTerm> terms() {
		return terms;
	}

	public String title() {
		return contract.hasTitle() ? contract.getTitle() : "Contract/" + id();
	}

	/** The first day it applies, if it says. */
	public java.util.Optional<java.time.LocalDate> startsOn() {
		return contract.hasApplies() && contract.getApplies().hasStart()
				? java.util.Optional.of(day(contract.getApplies().getStartElement())) : java.util.Optional.empty();
	}

	/** The last day it applies, if it ends. */
	public java.util.Optional<java.time.LocalDate> endsOn() {
		return contract.hasApplies() && contract.getApplies().hasEnd()
				? java.util.Optional.of(day(contract.getApplies().getEndElement())) : java.util.Optional.empty();
	}

	/** When the parties are next to review it (the guide's next-review-date), if it says. */
	public java.util.Optional<java.time.LocalDate> nextReview() {
		org.hl7.fhir.r4.model.Extension review = contract.getExtensionByUrl(
				dk.godstart.hub.profiles.GodStartIg.Extensions.NEXT_REVIEW_DATE);
		return review != null && review.getValue() instanceof org.hl7.fhir.r4.model.DateType date && date.hasValue()
				? java.util.Optional.of(day(date)) : java.util.Optional.empty();
	}

	/** How often it is reviewed, as written (e.g. "2 years"), if it says. */
	public java.util.Optional<String> reviewInterval() {
		org.hl7.fhir.r4.model.Extension interval = contract.getExtensionByUrl(
				dk.godstart.hub.profiles.GodStartIg.Extensions.REVIEW_INTERVAL);
		return interval != null && interval.getValue() instanceof org.hl7.fhir.r4.model.Duration duration && duration.hasValue()
				? java.util.Optional.of(duration.getValue().stripTrailingZeros().toPlainString() + " "
						+ (duration.hasUnit() ? duration.getUnit() : duration.getCode()))
				: java.util.Optional.empty();
	}

	/** Whether it ends or is due for review from {@code today} up to and including {@code until}. */
	public boolean endsOrIsReviewedBetween(java.time.LocalDate today, java.time.LocalDate until) {
		return java.util.stream.Stream.of(endsOn(), nextReview()).flatMap(java.util.Optional::stream)
				.anyMatch(day -> !day.isBefore(today) && !day.isAfter(until));
	}

	private static java.time.LocalDate day(org.hl7.fhir.r4.model.BaseDateTimeType date) {
		return java.time.LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
	}

	/** Binding (executed or a later binding state) and {@code at} within its period of application. */
	public boolean inForce(Instant at) {
		if (!BINDING.contains(contract.getStatus()) || !contract.hasApplies()) {
			return false;
		}
		Date now = Date.from(at);
		Date start = contract.getApplies().getStart();
		Date end = contract.getApplies().getEnd();
		return (start == null || !start.after(now)) && (end == null || !end.before(now));
	}

	/** The terms for this event whose parties cover the sending and the receiving unit (each with its ancestors). */
	public List<AgreementTerm> covering(MessageEvent event, Set<String> senderParties, Set<String> recipientParties) {
		return terms.stream().filter(term -> term.covers(event, senderParties, recipientParties)).toList();
	}

	/** The terms for this event that a unit covered by {@code senderParties} sends under. */
	public List<AgreementTerm> termsFrom(MessageEvent event, Set<String> senderParties) {
		return terms.stream()
				.filter(term -> term.event() == event && term.senders().stream().anyMatch(senderParties::contains))
				.toList();
	}

	/** Whether any term for this event gives its recipients the woman pseudonymised only. */
	public boolean pseudonymises(MessageEvent event) {
		return terms.stream().anyMatch(term -> term.event() == event && term.pseudonymised());
	}

	/** The term's notification deadline (UCUM s, min, h, d or wk), if it states one this hub understands. */
	static Duration deadline(Contract.TermComponent term) {
		Extension extension = term.getExtensionByUrl(GodStartIg.Extensions.NOTIFICATION_DEADLINE);
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

	private static LegalBasis legalBasis(Contract.TermComponent term) {
		Extension extension = term.getExtensionByUrl(GodStartIg.Extensions.LEGAL_BASIS);
		return extension == null || extension.getValue() == null ? null
				: LegalBasis.fromCode(extension.getValue().primitiveValue()).orElse(null);
	}

	/** Pseudonymised when the term asks for it, and always for statistics: no identity leaves on that basis. */
	private static boolean pseudonymised(Contract.TermComponent term) {
		Extension extension = term.getExtensionByUrl(GodStartIg.Extensions.DATA_MINIMISATION);
		boolean asked = extension != null && extension.getValue() != null
				&& "pseudonymised".equals(extension.getValue().primitiveValue());
		return asked || legalBasis(term) == LegalBasis.STATISTICS_PSEUDONYMISED;
	}

	private static Set<String> termParties(Contract.TermComponent term, String role) {
		Set<String> parties = new LinkedHashSet<>();
		for (Contract.ContractPartyComponent party : term.getOffer().getParty()) {
			if (party.getRole().getCoding().stream().anyMatch(c -> role.equals(c.getCode()))) {
				party.getReference().stream().filter(Reference::hasReference).forEach(reference -> parties.add(key(reference)));
			}
		}
		return parties;
	}

	static String key(Reference reference) {
		IIdType id = reference.getReferenceElement();
		return id.getResourceType() + "/" + id.getIdPart();
	}
}
