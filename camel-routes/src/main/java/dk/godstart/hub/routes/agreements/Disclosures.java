package dk.godstart.hub.routes.agreements;

import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.routes.routing.Organisations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Whether telling (or showing) one organisation of one event is lawful now: an agreement in force must have a term
 * for the event whose parties cover the sending and the receiving unit ({@link Agreement}), and the legal basis that
 * term names must hold ({@link LegalBasisRule}). Routing asks it for every recipient of a notification, access control
 * for every member shown the woman's network: one answer for both.
 */
public class Disclosures {

	/** The answer: the agreement and verdict that make it lawful, or, if none does, what is missing. */
	public record Assessment(Agreement agreement, AgreementTerm term, LegalBasisRule.Verdict verdict,
			Agreement firstCovering, LegalBasisRule.Verdict firstRefusal, List<String> missing) {

		public boolean lawful() {
			return verdict != null && verdict.holds();
		}

		/** No agreement in force has a term for it at all (else: one has, but its legal basis does not hold). */
		public boolean noAgreement() {
			return firstCovering == null;
		}
	}

	private final Agreements agreements;
	private final Organisations organisations;
	private final LegalBasisRule legalBasis;

	public Disclosures(HubDirectory directory, Organisations organisations, Clock clock) {
		this.agreements = new Agreements(directory, clock);
		this.organisations = organisations;
		this.legalBasis = new LegalBasisRule(directory, organisations, clock);
	}

	public Agreements agreements() {
		return agreements;
	}

	public LegalBasisRule legalBasis() {
		return legalBasis;
	}

	/** As things are now. */
	public Assessment assess(MessageEvent event, Organization sender, Organization recipient, Patient subject,
			List<Resource> about) {
		return assess(event, sender, recipient, subject, about, agreements.inForce());
	}

	/**
	 * Against the agreements in force the caller already read (one reading for a whole routing plan). Lawful only when
	 * it is lawful for everyone it discloses about: the woman, and whoever else a resource of it is about (her
	 * child, for whom a task of her plan is made: then the child's legal basis must hold too, e.g. a consent given
	 * for the child by a holder of custody).
	 */
	public Assessment assess(MessageEvent event, Organization sender, Organization recipient, Patient subject,
			List<Resource> about, List<Agreement> inForce) {
		Assessment forHer = assessFor(event, sender, recipient, subject, about, inForce);
		if (!forHer.lawful()) {
			return forHer;
		}
		for (Patient other : othersItIsAbout(subject, about)) {
			if (other.getIdElement().getIdPart() == null) {
				return new Assessment(null, null, null, forHer.firstCovering(), forHer.verdict(),
						List.of("a person it is about is not stored"));
			}
			Assessment forOther = assessFor(event, sender, recipient, other, about, inForce);
			if (!forOther.lawful()) {
				String whom = "about Patient/" + other.getIdElement().getIdPart() + ": ";
				return new Assessment(null, null, null, forOther.firstCovering(), forOther.firstRefusal(),
						forOther.missing().stream().map(missing -> whom + missing).toList());
			}
		}
		return forHer;
	}

	/** The people other than {@code subject} that what is disclosed is about (a network resource's own subject). */
	private List<Patient> othersItIsAbout(Patient subject, List<Resource> about) {
		String hers = subject == null ? null : "Patient/" + subject.getIdElement().getIdPart();
		java.util.Map<String, Patient> others = new java.util.LinkedHashMap<>();
		for (Resource resource : about) {
			dk.godstart.hub.routes.network.NetworkResources.subject(resource)
					.map(reference -> Organisations.idOf(reference))
					.map(id -> id.getResourceType() + "/" + id.getIdPart())
					.filter(key -> !key.equals(hers))
					.ifPresent(key -> others.computeIfAbsent(key, unused -> read(key)));
		}
		return List.copyOf(others.values());
	}

	/** The person, or one without an id when she is not stored (then nothing about her is lawful). */
	private Patient read(String key) {
		try {
			return organisations.patient(new org.hl7.fhir.r4.model.Reference(key));
		} catch (dk.godstart.hub.routes.routing.RoutingException absent) {
			return new Patient();
		}
	}

	private Assessment assessFor(MessageEvent event, Organization sender, Organization recipient, Patient subject,
			List<Resource> about, List<Agreement> inForce) {
		Set<String> senderParties = organisations.selfAndAncestors(sender);
		Set<String> recipientParties = organisations.selfAndAncestors(recipient);
		List<String> missing = new ArrayList<>();
		Agreement firstCovering = null;
		LegalBasisRule.Verdict firstRefusal = null;
		for (Agreement agreement : inForce) {
			for (AgreementTerm term : agreement.covering(event, senderParties, recipientParties)) {
				if (firstCovering == null) {
					firstCovering = agreement;
				}
				LegalBasisRule.Verdict verdict = legalBasis.check(term, event, sender, recipient, recipientParties, subject, about);
				if (verdict.holds()) {
					return new Assessment(agreement, term, verdict, firstCovering, firstRefusal, List.copyOf(missing));
				}
				if (firstRefusal == null) {
					firstRefusal = verdict;
				}
				missing.add(verdict.missing() + " (term of \"" + agreement.title() + "\", Contract/" + agreement.id() + ")");
			}
		}
		return new Assessment(null, null, null, firstCovering, firstRefusal, List.copyOf(missing));
	}
}
