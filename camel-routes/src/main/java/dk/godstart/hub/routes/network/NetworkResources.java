package dk.godstart.hub.routes.network;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.events.MessageEvent;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * Which resources are the woman's network's shared picture, and, for each, what it hangs on and who owns it:
 * <ul>
 * <li>the team ({@code CareTeam}), owned by its {@code managingOrganization};</li>
 * <li>the plan ({@code CarePlan}, its {@code careTeam}), owned by its {@code author};</li>
 * <li>a task of the plan ({@code Task} coded from {@code network-activity}, {@code basedOn} the plan), owned by its
 * {@code owner};</li>
 * <li>a network meeting ({@code Appointment}, {@code supportingInformation} the plan), owned by its organiser;</li>
 * <li>the minutes of a meeting ({@code DocumentReference} whose {@code context.related} names the plan), owned by
 * its {@code author}.</li>
 * </ul>
 * The owner is the one writer of a resource; the other members of the team are shown it and told of its changes.
 * Pure: it reads nothing.
 */
public final class NetworkResources {

	/** The network's events: its team, its plan, a task of it, a meeting or its minutes changed. */
	public static final java.util.Set<MessageEvent> EVENTS = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(
			MessageEvent.CARE_TEAM_CHANGED, MessageEvent.CARE_PLAN_CHANGED, MessageEvent.CARE_TASK_CHANGED,
			MessageEvent.NETWORK_MEETING_CHANGED));

	private NetworkResources() {}

	/** Whether the resource is part of a network's picture. */
	public static boolean isNetworkResource(IBaseResource resource) {
		return resource instanceof CareTeam || plan(resource).isPresent();
	}

	/** Whether resources of this type can be part of a network's picture (some of its kind are, e.g. Tasks). */
	public static boolean mayBeNetworkResource(String type) {
		return switch (type) {
			case "CareTeam", "CarePlan", "Task", "Appointment", "DocumentReference" -> true;
			default -> false;
		};
	}

	/**
	 * The plan the resource belongs to ({@code CarePlan/<id>}), for a task, a meeting or minutes; for a plan, the team
	 * ({@code CareTeam/<id>}). Empty for a team, and for what is no part of a network.
	 */
	public static Optional<Reference> plan(IBaseResource resource) {
		if (resource instanceof CarePlan plan) {
			return plan.getCareTeam().stream().filter(team -> isA(team, "CareTeam")).findFirst();
		}
		if (resource instanceof Task task) {
			return isNetworkTask(task) ? task.getBasedOn().stream().filter(ref -> isA(ref, "CarePlan")).findFirst()
					: Optional.empty();
		}
		if (resource instanceof Appointment meeting) {
			return meeting.getSupportingInformation().stream().filter(ref -> isA(ref, "CarePlan")).findFirst();
		}
		if (resource instanceof DocumentReference minutes) {
			return minutes.getContext().getRelated().stream().filter(ref -> isA(ref, "CarePlan")).findFirst();
		}
		return Optional.empty();
	}

	/** A task of a network plan: coded from the guide's network activities. */
	public static boolean isNetworkTask(Task task) {
		return task.getCode().getCoding().stream()
				.anyMatch(coding -> GodStartIg.CodeSystems.NETWORK_ACTIVITY.equals(coding.getSystem()));
	}

	/** The organisation that owns (alone writes) the resource, {@code Organization/<id>}. */
	public static Optional<String> owner(IBaseResource resource) {
		Reference owner = null;
		if (resource instanceof CareTeam team) {
			owner = team.getManagingOrganizationFirstRep();
		} else if (resource instanceof CarePlan plan) {
			owner = plan.getAuthor();
		} else if (resource instanceof Task task) {
			owner = task.getOwner();
		} else if (resource instanceof Appointment meeting) {
			Extension organiser = meeting.getExtensionByUrl(GodStartIg.Extensions.MEETING_ORGANISER);
			owner = organiser != null && organiser.getValue() instanceof Reference reference ? reference : null;
		} else if (resource instanceof DocumentReference minutes) {
			owner = minutes.getAuthorFirstRep();
		}
		return CareNetwork.organisationKey(owner);
	}

	/**
	 * Who tells the other members of a change: the owner, but for a task still asked for (draft or requested) the
	 * member that asked for it, if it names one (Eva's substance treatment asks the ambulatory to enrol her).
	 */
	public static Optional<String> teller(IBaseResource resource) {
		if (resource instanceof Task task && task.hasRequester()
				&& (task.getStatus() == Task.TaskStatus.DRAFT || task.getStatus() == Task.TaskStatus.REQUESTED)) {
			Optional<String> requester = CareNetwork.organisationKey(task.getRequester());
			if (requester.isPresent()) {
				return requester;
			}
		}
		return owner(resource);
	}

	/** Whose picture it is ({@code Patient/<id>}), as the resource itself says. */
	public static Optional<Reference> subject(IBaseResource resource) {
		Reference subject = null;
		if (resource instanceof CareTeam team) {
			subject = team.getSubject();
		} else if (resource instanceof CarePlan plan) {
			subject = plan.getSubject();
		} else if (resource instanceof Task task) {
			subject = task.getFor();
		} else if (resource instanceof DocumentReference minutes) {
			subject = minutes.getSubject();
		} else if (resource instanceof Appointment meeting) {
			subject = meeting.getParticipant().stream().map(Appointment.AppointmentParticipantComponent::getActor)
					.filter(actor -> isA(actor, "Patient")).findFirst().orElse(null);
		}
		return subject != null && isA(subject, "Patient") ? Optional.of(subject) : Optional.empty();
	}

	/** The event a change of this resource is, by its kind (whether a given change is one is the classifier's). */
	public static Optional<MessageEvent> eventFor(IBaseResource resource) {
		if (resource instanceof CareTeam) {
			return Optional.of(MessageEvent.CARE_TEAM_CHANGED);
		}
		if (!isNetworkResource(resource)) {
			return Optional.empty();
		}
		if (resource instanceof CarePlan) {
			return Optional.of(MessageEvent.CARE_PLAN_CHANGED);
		}
		return Optional.of(resource instanceof Task ? MessageEvent.CARE_TASK_CHANGED : MessageEvent.NETWORK_MEETING_CHANGED);
	}

	private static boolean isA(Reference reference, String type) {
		return reference != null && type.equals(reference.getReferenceElement().getResourceType())
				&& reference.getReferenceElement().hasIdPart();
	}
}
