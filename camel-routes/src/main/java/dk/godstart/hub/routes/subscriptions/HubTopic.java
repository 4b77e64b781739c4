package dk.godstart.hub.routes.subscriptions;

import dk.godstart.hub.routes.events.MessageEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * The subscription topics the hub offers (Subscriptions R5 Backport on R4; the guide publishes each as a
 * {@code Basic} topic). A topic names the resource type whose writes can trigger it, when a write does, and which
 * filters a subscriber may narrow it with; a subscriber's filter must name its own organisation.
 */
public enum HubTopic {

	/** A notification addressed to an organisation was created: what municipal case systems wait for. */
	NOTIFICATION_TO_ORGANISATION("notification-to-organisation", "Communication", List.of("recipient"),
			(previous, current) -> previous == null),

	/** A referral's task was created or its status changed (accepted, rejected, completed, ...). */
	REFERRAL_STATUS_CHANGED("referral-status-changed", "Task", List.of("owner", "requester"),
			(previous, current) -> previous == null
					|| ((Task) previous).getStatus() != ((Task) current).getStatus()),

	/**
	 * A member of the woman's network was told that the team, the plan, a task or a meeting changed: a notification of
	 * one of the network's events addressed to it was created.
	 */
	CARE_PLAN_CHANGED("care-plan-changed", "Communication", List.of("recipient"),
			(previous, current) -> previous == null && ((org.hl7.fhir.r4.model.Communication) current).getTopic().getCoding().stream()
					.anyMatch(coding -> MessageEvent.SYSTEM.equals(coding.getSystem())
							&& MessageEvent.fromCode(coding.getCode()).filter(dk.godstart.hub.routes.network.NetworkResources.EVENTS::contains).isPresent()));

	public static final String CANONICAL_BASE = "http://godstart.dk/fhir/SubscriptionTopic/";

	private final String id;
	private final String resourceType;
	private final List<String> filters;
	private final BiPredicate<IBaseResource, IBaseResource> trigger;

	HubTopic(String id, String resourceType, List<String> filters, BiPredicate<IBaseResource, IBaseResource> trigger) {
		this.id = id;
		this.resourceType = resourceType;
		this.filters = filters;
		this.trigger = trigger;
	}

	public String canonical() {
		return CANONICAL_BASE + id;
	}

	public String resourceType() {
		return resourceType;
	}

	/** The search parameters a subscriber may filter this topic by. */
	public List<String> filters() {
		return filters;
	}

	/** Whether a write of {@code current} (replacing {@code previous}, null for a create) triggers the topic. */
	public boolean triggeredBy(IBaseResource previous, IBaseResource current) {
		return current != null && resourceType.equals(current.fhirType()) && trigger.test(previous, current);
	}

	public static Optional<HubTopic> byCanonical(String canonical) {
		String url = canonical == null ? "" : canonical.split("\\|", 2)[0];
		return Arrays.stream(values()).filter(topic -> topic.canonical().equals(url)).findFirst();
	}
}
