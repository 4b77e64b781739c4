package dk.godstart.hub.routes.events;

import dk.godstart.hub.profiles.GodStartIg;
import java.util.Arrays;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;

/** The events the hub notifies about: the guide's {@code message-event} code system. */
public enum MessageEvent {
	REFERRAL_CREATED("referral-created", "Referral created"),
	REFERRAL_ACCEPTED("referral-accepted", "Referral accepted"),
	REFERRAL_REJECTED("referral-rejected", "Referral rejected"),
	REFERRAL_COMPLETED("referral-completed", "Referral completed"),
	REFERRAL_CANCELLED("referral-cancelled", "Referral cancelled"),
	CARE_LEVEL_CHANGED("care-level-changed", "Care level changed"),
	// Hospital stays from the hospitals' ADT feeds (MedCom's hospital notification: admitted, discharged, and taking
	// either back).
	ADMISSION("admission", "Admitted"),
	DISCHARGE("discharge", "Discharged after birth"),
	ADMISSION_CANCELLED("admission-cancelled", "Admission cancelled"),
	DISCHARGE_CANCELLED("discharge-cancelled", "Discharge cancelled"),
	LEAVE_STARTED("leave-started", "Leave of absence started"),
	LEAVE_ENDED("leave-ended", "Leave of absence ended"),
	DEATH("death", "Died in hospital"),
	// A first-time mother discharged within 24 hours of the birth: her home visit is due (birth package, initiative 4).
	POSTNATAL_HOME_VISIT("postnatal-home-visit", "Postnatal home visit due"),
	// Announced by the residential-treatment flow; until it exists here they arrive only in messages from other hubs
	// and hospitals, which the hub forwards by the same rules.
	RESIDENTIAL_OFFER("residential-offer", "Residential place offered"),
	RESIDENTIAL_DECLINED("residential-declined", "Residential place declined"),
	RESIDENTIAL_ADMISSION("residential-admission", "Admitted to residential treatment"),
	RESIDENTIAL_DISCHARGE("residential-discharge", "Discharged from residential treatment"),
	RESIDENTIAL_CAPACITY_CHANGED("residential-capacity-changed", "Residential capacity changed"),
	// A professional's notification of concern for an unborn or newborn child (underretning), and the family
	// department's answers to the notifier: on the statutory duty to notify, whatever her consent says.
	CONCERN_NOTIFIED("concern-notified", "Concern notified"),
	CONCERN_RECEIVED("concern-received", "Concern received"),
	CONCERN_ANSWERED("concern-answered", "Concern answered"),
	// The woman's network: its team, its shared plan, a task's status, a network meeting or its minutes changed; told
	// to the team's other members.
	CARE_TEAM_CHANGED("care-team-changed", "Care team changed"),
	CARE_PLAN_CHANGED("care-plan-changed", "Care plan changed"),
	CARE_TASK_CHANGED("care-task-changed", "Care task changed"),
	NETWORK_MEETING_CHANGED("network-meeting-changed", "Network meeting changed");

	public static final String SYSTEM = GodStartIg.CodeSystems.MESSAGE_EVENT;

	private final String code;
	private final String display;

	MessageEvent(String code, String display) {
		this.code = code;
		this.display = display;
	}

	public String code() {
		return code;
	}

	public String display() {
		return display;
	}

	public Coding coding() {
		return new Coding(SYSTEM, code, display);
	}

	public static Optional<MessageEvent> fromCode(String code) {
		return Arrays.stream(values()).filter(event -> event.code.equals(code)).findFirst();
	}
}
