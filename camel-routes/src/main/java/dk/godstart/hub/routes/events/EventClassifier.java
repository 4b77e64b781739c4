package dk.godstart.hub.routes.events;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.network.NetworkResources;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Decides which hub event, if any, a stored change is. Called with the resource before and after the write
 * ({@code previous} is null for a create), inside the write's transaction: it must be quick and read nothing.
 */
public class EventClassifier {

	private static final String HUB_SERVICE_SYSTEM = GodStartIg.CodeSystems.HUB_SERVICE_TYPE;
	private static final String CONCERN_NOTIFICATION = GodStartIg.Codes.HubServiceType.CONCERN_NOTIFICATION;
	private static final String CONCERN_ANSWER = GodStartIg.Codes.HubTaskCode.CONCERN_ANSWER;
	private static final String OBSERVATION_CODE_SYSTEM = GodStartIg.CodeSystems.PREGNANCY_OBSERVATION_CODE;
	private static final String EPISODE_TYPE_SYSTEM = GodStartIg.CodeSystems.EPISODE_TYPE;
	private static final String HUB_TASK_SYSTEM = GodStartIg.CodeSystems.HUB_TASK_CODE;
	private static final String CARE_LEVEL_SYSTEM = GodStartIg.CodeSystems.PREGNANCY_CARE_LEVEL;

	public Optional<MessageEvent> classify(IBaseResource previous, IBaseResource current) {
		if (NetworkResources.isNetworkResource(current)) {
			return network(previous, current);
		}
		if (current instanceof ServiceRequest referral) {
			return referral(previous instanceof ServiceRequest before ? before : null, referral);
		}
		if (current instanceof Task task) {
			return task(previous instanceof Task before ? before : null, task);
		}
		if (current instanceof Observation observation) {
			return careLevel(previous instanceof Observation before ? before : null, observation);
		}
		if (current instanceof Encounter visit) {
			return hospitalStay(previous instanceof Encounter before ? before : null, visit);
		}
		if (current instanceof EpisodeOfCare episode) {
			return residentialTreatment(previous instanceof EpisodeOfCare before ? before : null, episode);
		}
		return Optional.empty();
	}

	/**
	 * The woman's network: a team, plan or meeting created or changed in what it says (not only its metadata), minutes
	 * shared, a task of the plan added or its status or results changed (a reworded description is no event).
	 */
	private Optional<MessageEvent> network(IBaseResource previous, IBaseResource current) {
		Optional<MessageEvent> event = NetworkResources.eventFor(current);
		if (previous == null || previous.getClass() != current.getClass()) {
			return event;
		}
		if (current instanceof Task task) {
			Task before = (Task) previous;
			boolean changed = before.getStatus() != task.getStatus()
					|| !Objects.equals(before.getOwner().getReference(), task.getOwner().getReference())
					|| !org.hl7.fhir.r4.model.Base.compareDeep(before.getOutput(), task.getOutput(), true)
					|| !org.hl7.fhir.r4.model.Base.compareDeep(before.getExecutionPeriod(), task.getExecutionPeriod(), true);
			return changed ? event : Optional.empty();
		}
		return sameContent((org.hl7.fhir.r4.model.DomainResource) previous, (org.hl7.fhir.r4.model.DomainResource) current)
				? Optional.empty() : event;
	}

	private static boolean sameContent(org.hl7.fhir.r4.model.DomainResource before, org.hl7.fhir.r4.model.DomainResource after) {
		org.hl7.fhir.r4.model.DomainResource a = before.copy();
		org.hl7.fhir.r4.model.DomainResource b = after.copy();
		for (org.hl7.fhir.r4.model.DomainResource resource : List.of(a, b)) {
			resource.setMeta(null);
			resource.setText(null);
			resource.setIdElement(null);
		}
		return a.equalsDeep(b);
	}

	/**
	 * A residential treatment episode's steps, as the registry records them: offered (planned), declined
	 * (cancelled), admitted (active), discharged (finished). Waiting for a place is no event.
	 */
	private Optional<MessageEvent> residentialTreatment(EpisodeOfCare before, EpisodeOfCare episode) {
		if (episode.getType().stream().noneMatch(type -> type.hasCoding(EPISODE_TYPE_SYSTEM, GodStartIg.Codes.EpisodeType.RESIDENTIAL_TREATMENT))) {
			return Optional.empty();
		}
		if (before != null && before.getStatus() == episode.getStatus()) {
			return Optional.empty();
		}
		return switch (episode.getStatus()) {
			case PLANNED -> before == null ? Optional.of(MessageEvent.RESIDENTIAL_OFFER) : Optional.empty();
			case CANCELLED -> Optional.of(MessageEvent.RESIDENTIAL_DECLINED);
			case ACTIVE -> Optional.of(MessageEvent.RESIDENTIAL_ADMISSION);
			case FINISHED -> Optional.of(MessageEvent.RESIDENTIAL_DISCHARGE);
			default -> Optional.empty();
		};
	}

	/**
	 * A hospital stay (inpatient or emergency) begun, ended (discharged, or died), interrupted by leave and resumed,
	 * or its beginning or end taken back: the facts of MedCom's hospital notification (an emergency stay is its acute
	 * ambulant case; the Encounter's class says which). Whether anyone is told is routing's question (her referral, her care level, the agreements).
	 */
	private Optional<MessageEvent> hospitalStay(Encounter before, Encounter visit) {
		String visitClass = visit.getClass_().getCode();
		if (!"IMP".equals(visitClass) && !"EMER".equals(visitClass)) {
			return Optional.empty();
		}
		Encounter.EncounterStatus now = visit.getStatus();
		Encounter.EncounterStatus was = before == null ? null : before.getStatus();
		if (now == was) {
			return Optional.empty();
		}
		if (now == Encounter.EncounterStatus.FINISHED) {
			boolean died = visit.getHospitalization().getDischargeDisposition()
					.hasCoding("http://terminology.hl7.org/CodeSystem/discharge-disposition", "exp");
			return Optional.of(died ? MessageEvent.DEATH : MessageEvent.DISCHARGE);
		}
		if (now == Encounter.EncounterStatus.ONLEAVE) {
			return Optional.of(MessageEvent.LEAVE_STARTED);
		}
		if (now == Encounter.EncounterStatus.INPROGRESS && was == Encounter.EncounterStatus.ONLEAVE) {
			return Optional.of(MessageEvent.LEAVE_ENDED);
		}
		if (now == Encounter.EncounterStatus.CANCELLED) {
			return Optional.of(MessageEvent.ADMISSION_CANCELLED);
		}
		if (now == Encounter.EncounterStatus.INPROGRESS) {
			return Optional.of(was == Encounter.EncounterStatus.FINISHED ? MessageEvent.DISCHARGE_CANCELLED : MessageEvent.ADMISSION);
		}
		return Optional.empty();
	}

	/** The woman a resource is about ({@code Patient/<id>}), which orders her events; null when there is none. */
	public String subjectOf(IBaseResource resource) {
		org.hl7.fhir.r4.model.Reference subject = null;
		if (resource instanceof ServiceRequest referral) {
			subject = referral.getSubject();
		} else if (resource instanceof Task task) {
			subject = task.getFor();
		} else if (resource instanceof Observation observation) {
			subject = observation.getSubject();
		} else if (resource instanceof Encounter visit) {
			subject = visit.getSubject();
		} else if (resource instanceof EpisodeOfCare episode) {
			subject = episode.getPatient();
		} else if (NetworkResources.isNetworkResource(resource)) {
			subject = NetworkResources.subject(resource).orElse(null);
		}
		if (subject == null || !"Patient".equals(subject.getReferenceElement().getResourceType())) {
			return null;
		}
		return "Patient/" + subject.getReferenceElement().getIdPart();
	}

	private Optional<MessageEvent> referral(ServiceRequest before, ServiceRequest referral) {
		if (referral.getCode().hasCoding(HUB_SERVICE_SYSTEM, CONCERN_NOTIFICATION)) {
			return before == null ? Optional.of(MessageEvent.CONCERN_NOTIFIED) : Optional.empty();
		}
		if (!referral.getCode().hasCoding(HUB_SERVICE_SYSTEM, GodStartIg.Codes.HubServiceType.FAMILY_AMBULATORY)) {
			return Optional.empty();
		}
		if (before == null) {
			return Optional.of(MessageEvent.REFERRAL_CREATED);
		}
		boolean revokedNow = referral.getStatus() == ServiceRequest.ServiceRequestStatus.REVOKED;
		boolean revokedBefore = before.getStatus() == ServiceRequest.ServiceRequestStatus.REVOKED;
		return revokedNow && !revokedBefore ? Optional.of(MessageEvent.REFERRAL_CANCELLED) : Optional.empty();
	}

	/**
	 * The family ambulatory's answer: the moment a referral task enters accepted, rejected or completed; and the
	 * family department's answer to a concern: the moment it enters received or completed.
	 */
	private Optional<MessageEvent> task(Task before, Task task) {
		if (task.getCode().hasCoding(HUB_TASK_SYSTEM, GodStartIg.Codes.HubTaskCode.POSTNATAL_HOME_VISIT)) {
			return before == null ? Optional.of(MessageEvent.POSTNATAL_HOME_VISIT) : Optional.empty();
		}
		if (task.getCode().hasCoding(HUB_TASK_SYSTEM, CONCERN_ANSWER)) {
			if (before != null && before.getStatus() == task.getStatus()) {
				return Optional.empty();
			}
			return switch (task.getStatus()) {
				case RECEIVED -> Optional.of(MessageEvent.CONCERN_RECEIVED);
				case COMPLETED -> Optional.of(MessageEvent.CONCERN_ANSWERED);
				default -> Optional.empty();
			};
		}
		if (!task.getFocus().getReferenceElement().getResourceType().equals("ServiceRequest")) {
			return Optional.empty();
		}
		if (before != null && before.getStatus() == task.getStatus()) {
			return Optional.empty();
		}
		return switch (task.getStatus()) {
			case ACCEPTED -> Optional.of(MessageEvent.REFERRAL_ACCEPTED);
			case REJECTED -> Optional.of(MessageEvent.REFERRAL_REJECTED);
			case COMPLETED -> Optional.of(MessageEvent.REFERRAL_COMPLETED);
			default -> Optional.empty();
		};
	}

	/** Levels 3 and 4 involve other sectors; levels 1 and 2 stay within antenatal care and notify no one. */
	private Optional<MessageEvent> careLevel(Observation before, Observation observation) {
		String level = careLevelOf(observation);
		if (level == null || !(level.equals("3") || level.equals("4"))) {
			return Optional.empty();
		}
		if (before != null && Objects.equals(careLevelOf(before), level)) {
			return Optional.empty();
		}
		return Optional.of(MessageEvent.CARE_LEVEL_CHANGED);
	}

	public static String careLevelOf(Observation observation) {
		if (!observation.getCode().hasCoding(OBSERVATION_CODE_SYSTEM, GodStartIg.Codes.PregnancyObservationCode.CARE_LEVEL) || !observation.hasValueCodeableConcept()) {
			return null;
		}
		return observation.getValueCodeableConcept().getCoding().stream()
				.filter(coding -> CARE_LEVEL_SYSTEM.equals(coding.getSystem()))
				.map(coding -> coding.getCode())
				.findFirst()
				.orElse(null);
	}
}
