package dk.godstart.hub.routes.agreements;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartIg.Codes.OrganizationType;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.routes.routing.Organisations;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Whether the legal basis an agreement term names holds for one disclosure, now. An agreement says who tells whom;
 * only this says whether it is lawful:
 * <ul>
 * <li>{@code consent}: a consent in force, given by her or, for a child, by a holder of custody ({@link CustodyRule}),
 * covers the recipient and the event ({@link ConsentRule});</li>
 * <li>{@code duty-to-notify}: the event is a professional's concern notification to a family department, or the
 * department's answer to the notifier;</li>
 * <li>{@code treatment}: sender and recipient are both health-care organisations;</li>
 * <li>{@code statistics-pseudonymised}: always, because such a term's recipients get no identity.</li>
 * </ul>
 */
public class LegalBasisRule {

	/** Organisation types whose staff are health professionals (Sundhedsloven), for the treatment basis. */
	public static final Set<String> HEALTH_CARE_TYPES = Set.of(OrganizationType.HOSPITAL,
			OrganizationType.HOSPITAL_DEPARTMENT, OrganizationType.FAMILY_AMBULATORY, OrganizationType.GENERAL_PRACTICE,
			OrganizationType.HEALTH_VISITORS, OrganizationType.RESIDENTIAL_TREATMENT_UNIT, OrganizationType.PSYCHIATRY);

	static final Set<MessageEvent> CONCERN_EVENTS = Set.of(
			MessageEvent.CONCERN_NOTIFIED, MessageEvent.CONCERN_RECEIVED, MessageEvent.CONCERN_ANSWERED);

	/** The basis the term names; whether it holds; what shows it (a Consent, a concern); or what is missing. */
	public record Verdict(LegalBasis basis, String evidence, String missing) {
		public boolean holds() {
			return basis != null && missing == null;
		}
	}

	private final HubDirectory directory;
	private final Organisations organisations;
	private final Clock clock;

	public LegalBasisRule(HubDirectory directory, Organisations organisations, Clock clock) {
		this.directory = directory;
		this.organisations = organisations;
		this.clock = clock;
	}

	public Verdict check(AgreementTerm term, MessageEvent event, Organization sender, Organization recipient,
			Set<String> recipientParties, Patient subject, List<Resource> about) {
		LegalBasis basis = term.legalBasis();
		if (basis == null) {
			return new Verdict(null, null, "the agreement's term for " + event.code() + " names no legal basis this hub knows");
		}
		String recipientName = Organisations.describe(recipient);
		return switch (basis) {
			case CONSENT -> {
				ConsentRule.Verdict verdict = consentFor(subject, recipientParties, recipient, event);
				yield verdict.holds()
						? new Verdict(basis, "Consent/" + verdict.consent().getIdElement().getIdPart(), null)
						: new Verdict(basis, null, "consent: " + verdict.missing());
			}
			case TREATMENT -> {
				boolean senderCares = isHealthCare(sender);
				boolean recipientCares = isHealthCare(recipient);
				yield senderCares && recipientCares ? new Verdict(basis, null, null)
						: new Verdict(basis, null, "treatment: passing information for her treatment is between health"
								+ " professionals, and " + Organisations.describe(senderCares ? recipient : sender)
								+ " is not a health-care organisation");
			}
			case DUTY_TO_NOTIFY -> dutyToNotify(event, recipient, recipientParties, about);
			case STATISTICS_PSEUDONYMISED -> new Verdict(basis, null, null);
		};
	}

	/**
	 * At the moment of sending a notification that routing allowed on her consent: whether a consent still covers its
	 * recipient and event. She may have withdrawn or refused since it was queued (a receiver down for a day, say);
	 * from that moment nothing more is sent on it. Her consents are read again only when one changed after
	 * {@code routedAfter} (a moment no later than the routing decision). Empty when it still holds, or the basis was
	 * not consent.
	 */
	public Optional<String> consentWithdrawnSince(MessageEvent event, org.hl7.fhir.r4.model.Communication notification,
			java.time.Instant routedAfter) {
		org.hl7.fhir.r4.model.Extension basis = notification.getExtensionByUrl(GodStartIg.Extensions.LEGAL_BASIS);
		if (basis == null || basis.getValue() == null || !LegalBasis.CONSENT.code().equals(basis.getValue().primitiveValue())
				|| !directory.consentsChangedSince(Organisations.idOf(notification.getSubject()), routedAfter)) {
			return Optional.empty();
		}
		Optional<Organization> recipient = organisations.of(notification.getRecipientFirstRep());
		if (recipient.isEmpty()) {
			return Optional.of("the recipient " + notification.getRecipientFirstRep().getReference() + " is no longer known");
		}
		Optional<Patient> subject = directory.read(Organisations.idOf(notification.getSubject()), Patient.class);
		if (subject.isEmpty()) {
			return Optional.of("No legal basis any more to tell " + Organisations.describe(recipient.get()) + " of "
					+ event.code() + ": " + notification.getSubject().getReference() + " is no longer stored");
		}
		ConsentRule.Verdict verdict = consentFor(subject.get(), organisations.selfAndAncestors(recipient.get()),
				recipient.get(), event);
		return verdict.holds() ? Optional.empty()
				: Optional.of("No legal basis any more to tell " + Organisations.describe(recipient.get()) + " of "
						+ event.code() + ": consent: " + verdict.missing());
	}

	/**
	 * Her consents, of those who may consent for her ({@link CustodyRule}: she herself, or for a child a holder of
	 * custody), decided by {@link ConsentRule}. When only a consent given by someone else would have allowed it, the
	 * answer says so.
	 */
	private ConsentRule.Verdict consentFor(Patient subject, Set<String> recipientParties, Organization recipient,
			MessageEvent event) {
		org.hl7.fhir.instance.model.api.IIdType id = Organisations.idOf(subject);
		List<Consent> consents = directory.consentsAbout(id);
		java.util.function.Supplier<List<org.hl7.fhir.r4.model.RelatedPerson>> holders =
				CustodyRule.once(() -> directory.custodyHoldersOf(id));
		List<Consent> entitled = consents.stream()
				.filter(consent -> CustodyRule.whyNot(consent, subject, holders).isEmpty()).toList();
		ConsentRule.Verdict verdict = ConsentRule.decide(entitled, recipientParties, Organisations.types(recipient), event,
				clock.instant(), Organisations.describe(recipient));
		if (verdict.holds() || entitled.size() == consents.size()) {
			return verdict;
		}
		ConsentRule.Verdict byAnyone = ConsentRule.decide(consents, recipientParties, Organisations.types(recipient), event,
				clock.instant(), Organisations.describe(recipient));
		return byAnyone.holds()
				? new ConsentRule.Verdict(null, CustodyRule.whyNot(byAnyone.consent(), subject, holders).orElseThrow())
				: verdict;
	}

	private Verdict dutyToNotify(MessageEvent event, Organization recipient, Set<String> recipientParties, List<Resource> about) {
		LegalBasis basis = LegalBasis.DUTY_TO_NOTIFY;
		if (!CONCERN_EVENTS.contains(event)) {
			return new Verdict(basis, null, "duty-to-notify: the duty covers a professional's concern notification and"
					+ " its answer only, not " + event.code());
		}
		Optional<ServiceRequest> concern = concernIn(about);
		if (concern.isEmpty()) {
			return new Verdict(basis, null, "duty-to-notify: the event carries no concern notification");
		}
		String evidence = "ServiceRequest/" + concern.get().getIdElement().getIdPart();
		if (event == MessageEvent.CONCERN_NOTIFIED) {
			if (!"PractitionerRole".equals(concern.get().getRequester().getReferenceElement().getResourceType())) {
				return new Verdict(basis, null, "duty-to-notify: a concern is notified by a named professional (PractitionerRole)");
			}
			if (!Organisations.types(recipient).contains(OrganizationType.MUNICIPAL_FAMILY_DEPARTMENT)) {
				return new Verdict(basis, null, "duty-to-notify: a concern goes to a municipality's family department, and "
						+ Organisations.describe(recipient) + " is not one");
			}
			return new Verdict(basis, evidence, null);
		}
		Optional<Organization> notifier = organisations.of(concern.get().getRequester());
		boolean toNotifier = notifier.isPresent()
				&& recipientParties.contains(Organisations.key(notifier.get()));
		return toNotifier ? new Verdict(basis, evidence, null)
				: new Verdict(basis, null, "duty-to-notify: the answer to a concern goes to the notifier only");
	}

	/** The concern notification among what the event is about (also inside a forwarded message). */
	static Optional<ServiceRequest> concernIn(List<Resource> about) {
		return about.stream()
				.flatMap(resource -> resource instanceof Bundle message
						? message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
						: Stream.of(resource))
				.filter(ServiceRequest.class::isInstance)
				.map(ServiceRequest.class::cast)
				.filter(request -> request.getCode().hasCoding(GodStartIg.CodeSystems.HUB_SERVICE_TYPE, GodStartIg.Codes.HubServiceType.CONCERN_NOTIFICATION))
				.findFirst();
	}

	static boolean isHealthCare(Organization organization) {
		return Organisations.types(organization).stream().anyMatch(HEALTH_CARE_TYPES::contains);
	}
}
