package dk.godstart.hub.routes.agreements;

import dk.godstart.hub.profiles.GodStartIg;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

/**
 * Who may consent to disclosure about a person: the one a consent is about (its {@code patient}) must have given it
 * herself, or, for a child, a holder of custody (forældremyndighed) must have, as the Danish Health Act has it
 * (sundhedsloven § 17): from 15 a young person consents herself (a holder of custody may too, until she is 18);
 * under 15 only a holder of custody does. A holder of custody is a RelatedPerson of the child coded
 * {@code custody-holder}, active, whose period covers the consent's date; the consent's {@code performer} names it.
 * Her age is counted on the consent's date from her birth date; without a birth date she counts as of age, so that
 * only she herself may consent (no one consents for a person of unknown age).
 *
 * <p>A refusal or a withdrawal speaks whoever records it: holding back is never a disclosure. Pure: the holders of
 * custody are read only when a consent needs them.
 */
public final class CustodyRule {

	/** From this age a young person consents herself (sundhedsloven § 17). */
	public static final int AGE_OF_CONSENT = 15;

	/** Until this age a holder of custody may consent for her. */
	public static final int AGE_OF_MAJORITY = 18;

	/** Ages and dates are counted as days in Denmark. */
	static final ZoneId DANISH_TIME = ZoneId.of("Europe/Copenhagen");

	private CustodyRule() {}

	/**
	 * Why the consent does not stand for its patient, or empty when it does.
	 *
	 * @param custodyHolders the patient's holders of custody, as recorded ({@code custody-holder} RelatedPersons)
	 */
	public static Optional<String> whyNot(Consent consent, Patient subject, Supplier<List<RelatedPerson>> custodyHolders) {
		if (consent.getStatus() != Consent.ConsentState.ACTIVE) {
			return Optional.empty();
		}
		Date given = consent.hasDateTime() ? consent.getDateTime() : consent.getMeta().getLastUpdated();
		Optional<Integer> age = ageOn(subject, given);
		boolean mayHerself = age.map(years -> years >= AGE_OF_CONSENT).orElse(true);
		boolean mayBeConsentedFor = age.map(years -> years < AGE_OF_MAJORITY).orElse(false);
		String self = "Patient/" + subject.getIdElement().getIdPart();
		List<RelatedPerson> holders = null;
		for (Reference performer : consent.getPerformer()) {
			IdType who = new IdType(performer.getReference() == null ? "" : performer.getReference());
			if (mayHerself && self.equals(who.getResourceType() + "/" + who.getIdPart())) {
				return Optional.empty();
			}
			if (mayBeConsentedFor && "RelatedPerson".equals(who.getResourceType())) {
				holders = holders != null ? holders : custodyHolders.get();
				if (holders.stream().anyMatch(holder -> who.getIdPart().equals(holder.getIdElement().getIdPart())
						&& holdsCustodyOf(holder, self, given))) {
					return Optional.empty();
				}
			}
		}
		String id = "Consent/" + consent.getIdElement().getIdPart();
		if (age.isEmpty() || age.get() >= AGE_OF_MAJORITY) {
			return Optional.of(id + " was not given by her herself (" + self + "), and only she consents for herself");
		}
		return Optional.of(id + " is about a child of " + age.get() + " and was not given by "
				+ (mayHerself ? "her herself or " : "") + "a holder of her custody on " + given.toInstant().atZone(DANISH_TIME).toLocalDate()
				+ (mayHerself ? "" : " (under " + AGE_OF_CONSENT + " only a holder of custody consents for her)"));
	}

	/** A supplier that reads once, when first asked (her holders of custody, for all her consents). */
	public static <T> Supplier<T> once(Supplier<T> read) {
		return new Supplier<>() {
			private T value;

			@Override
			public synchronized T get() {
				return value != null ? value : (value = read.get());
			}
		};
	}

	/** Whether the RelatedPerson holds custody of the patient on that date: coded so, active, within its period. */
	static boolean holdsCustodyOf(RelatedPerson holder, String patient, Date on) {
		boolean custody = holder.getRelationship().stream().anyMatch(relationship -> relationship.hasCoding(
				GodStartIg.CodeSystems.RELATED_PERSON_ROLE, GodStartIg.Codes.RelatedPersonRole.CUSTODY_HOLDER));
		boolean ofHer = patient.equals(holder.getPatient().getReferenceElement().getResourceType() + "/"
				+ holder.getPatient().getReferenceElement().getIdPart());
		boolean active = !holder.hasActive() || holder.getActive();
		boolean within = ConsentRule.within(holder.getPeriod(), on);
		return custody && ofHer && active && within;
	}

	/** Her age in whole years on a date, if her birth date is known. */
	static Optional<Integer> ageOn(Patient subject, Date on) {
		if (!subject.hasBirthDate() || on == null) {
			return Optional.empty();
		}
		org.hl7.fhir.r4.model.DateType birth = subject.getBirthDateElement();
		LocalDate born = LocalDate.of(birth.getYear(), birth.getMonth() + 1, birth.getDay());
		LocalDate day = on.toInstant().atZone(DANISH_TIME).toLocalDate();
		return Optional.of(Period.between(born, day).getYears());
	}
}
