package dk.godstart.hub.routes.postnatal;

import dk.godstart.hub.profiles.GodStartIg.Codes.HubTaskCode;
import dk.godstart.hub.profiles.GodStartIg.Extensions;
import dk.godstart.hub.profiles.GodStartIg.Profiles;
import dk.godstart.hub.routes.adt.AdtToFhir;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;

/**
 * The birth package's right of first-time mothers (initiative 4): discharged less than 24 hours after the birth, she
 * is owed a home visit, due {@code godstart.postnatal.visit-within} after the discharge. The hours are counted from
 * the delivery stay's birth time ({@code delivery-time}); for twins that is the first child's whose admission the hub
 * was told of (see {@link AdtToFhir}), and the stay owes one visit, not one per child. A stay whose birth was taken
 * back (the child's A11) is no delivery and owes none; a mother who has given birth before is owed none by this rule.
 * A discharge taken back (A13) and made again owes no second visit: the store creates the Task only when the stay
 * has none ({@link HubTaskCode#POSTNATAL_HOME_VISIT} in {@link HubTaskCode#SYSTEM}).
 */
public class PostnatalRule {

	public static final Duration SHORT_STAY = Duration.ofHours(24);

	private final Duration visitWithin;

	public PostnatalRule(Duration visitWithin) {
		this.visitWithin = visitWithin;
	}

	/**
	 * When her home visit is due, if this discharged stay owes one: it is a delivery with a birth time, it has ended
	 * less than {@link #SHORT_STAY} after the birth, and her pregnancy says she is a first-time mother.
	 */
	public Optional<Instant> homeVisitDue(Encounter stay, Optional<EpisodeOfCare> pregnancy) {
		Extension born = stay.getExtensionByUrl(Extensions.DELIVERY_TIME);
		if (born == null || !stay.getPeriod().hasEnd() || pregnancy.isEmpty() || !firstTimeMother(pregnancy.get())) {
			return Optional.empty();
		}
		Instant birth = ((DateTimeType) born.getValue()).getValue().toInstant();
		Instant discharged = stay.getPeriod().getEnd().toInstant();
		if (Duration.between(birth, discharged).compareTo(SHORT_STAY) >= 0) {
			return Optional.empty();
		}
		return Optional.of(discharged.plus(visitWithin));
	}

	public static boolean firstTimeMother(EpisodeOfCare pregnancy) {
		Extension flag = pregnancy.getExtensionByUrl(Extensions.FIRST_TIME_MOTHER);
		return flag != null && flag.getValue() instanceof BooleanType first && Boolean.TRUE.equals(first.getValue());
	}

	/**
	 * The Task for her visit: the birth site requests it of its owner (whoever the agreement names, else the birth
	 * site itself, which must then arrange it), about the delivery stay, due by {@code due}. Its creation is the event
	 * that tells the owner and her municipality's health visitors.
	 */
	public Task homeVisit(Encounter stay, Patient mother, Organization birthSite, Organization owner, Instant due,
			Instant now) {
		Task visit = new Task();
		visit.getMeta().addProfile(Profiles.POSTNATAL_HOME_VISIT_TASK);
		visit.setStatus(Task.TaskStatus.REQUESTED);
		visit.setIntent(Task.TaskIntent.ORDER);
		visit.setCode(new CodeableConcept(
				new Coding(HubTaskCode.SYSTEM, HubTaskCode.POSTNATAL_HOME_VISIT, "Postnatal home visit")));
		visit.setFocus(AdtToFhir.reference(stay));
		visit.setFor(AdtToFhir.reference(mother));
		visit.setAuthoredOn(Date.from(now));
		visit.setRequester(AdtToFhir.reference(birthSite));
		visit.setOwner(AdtToFhir.reference(owner));
		visit.getRestriction().getPeriod().setEnd(Date.from(due));
		return visit;
	}
}
