package dk.godstart.hub.routes.agreements;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.MessageEvent;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;

/**
 * Whether the woman's consents let the hub tell a recipient of an event now. A consent concerns the recipient when it
 * names it or an organisation above it, or its type; and the event when it names no topics or names this one. Of the
 * consents concerning both, the newest one that speaks now decides: her consent in force (active, within its period),
 * her refusal (rejected) or her withdrawal (inactive). A consent whose period has not begun or has ended says nothing.
 * Without one she has not consented, and nothing is sent on this basis.
 */
public final class ConsentRule {


	/** The consent in force that allows it, or what is missing. */
	public record Verdict(Consent consent, String missing) {
		public boolean holds() {
			return consent != null;
		}
	}

	private ConsentRule() {}

	public static Verdict decide(List<Consent> consents, Set<String> recipientParties, Set<String> recipientTypes,
			MessageEvent event, Instant at, String recipientName) {
		Optional<Consent> deciding = consents.stream()
				.filter(consent -> concernsRecipient(consent, recipientParties, recipientTypes))
				.filter(consent -> concernsEvent(consent, event))
				.filter(consent -> speaksAt(consent, at))
				.max(Comparator.comparing(ConsentRule::when)
						.thenComparing(consent -> consent.getStatus() != Consent.ConsentState.ACTIVE));
		if (deciding.isEmpty()) {
			return new Verdict(null, "no consent by her in force covers " + recipientName + " for " + event.code());
		}
		Consent consent = deciding.get();
		String id = "Consent/" + consent.getIdElement().getIdPart();
		return switch (consent.getStatus()) {
			case ACTIVE -> new Verdict(consent, null);
			case REJECTED -> new Verdict(null, "she declined disclosure to " + recipientName + " (" + id + ")");
			default -> new Verdict(null, "she withdrew her consent to disclosure to " + recipientName + " (" + id + ")");
		};
	}

	private static boolean concernsRecipient(Consent consent, Set<String> recipientParties, Set<String> recipientTypes) {
		boolean named = consent.getProvision().getActor().stream()
				.map(actor -> actor.getReference().getReferenceElement())
				.anyMatch(id -> id.hasIdPart() && recipientParties.contains(id.getResourceType() + "/" + id.getIdPart()));
		boolean typed = consent.getExtensionsByUrl(GodStartIg.Extensions.CONSENT_RECIPIENT_TYPE).stream()
				.map(Extension::getValue)
				.filter(CodeableConcept.class::isInstance)
				.map(CodeableConcept.class::cast)
				.flatMap(type -> type.getCoding().stream())
				.anyMatch(coding -> GodStartIg.CodeSystems.ORGANIZATION_TYPE.equals(coding.getSystem()) && recipientTypes.contains(coding.getCode()));
		return named || typed;
	}

	private static boolean concernsEvent(Consent consent, MessageEvent event) {
		List<CodeableConcept> topics = consent.getProvision().getCode();
		return topics.isEmpty() || topics.stream().anyMatch(topic -> topic.hasCoding(MessageEvent.SYSTEM, event.code()));
	}

	/**
	 * Refusals and withdrawals speak from their date on; a consent given speaks within its period (and only as a
	 * permit). Drafts, proposals and entries in error never speak.
	 */
	private static boolean speaksAt(Consent consent, Instant at) {
		Date now = Date.from(at);
		return switch (consent.getStatus()) {
			case ACTIVE -> consent.getProvision().getType() != Consent.ConsentProvisionType.DENY
					&& within(consent.getProvision().getPeriod(), now) && !when(consent).after(now);
			case REJECTED, INACTIVE -> !when(consent).after(now);
			default -> false;
		};
	}

	static boolean within(Period period, Date now) {
		if (period == null || period.isEmpty()) {
			return true;
		}
		return (period.getStart() == null || !period.getStart().after(now)) && (period.getEnd() == null || !endOf(period).before(now));
	}

	/** A period ending on a date lasts the whole of that day. */
	static Date endOf(Period period) {
		return period.getEndElement().getPrecision().ordinal() <= ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()
				? Date.from(period.getEnd().toInstant().plusSeconds(86_399))
				: period.getEnd();
	}

	private static Date when(Consent consent) {
		if (consent.hasDateTime()) {
			return consent.getDateTime();
		}
		return consent.getMeta().hasLastUpdated() ? consent.getMeta().getLastUpdated() : new Date(0);
	}
}
