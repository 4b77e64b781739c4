package dk.godstart.hub.server.subscription;

import dk.godstart.hub.routes.subscriptions.ActiveSubscription;
import dk.godstart.hub.routes.subscriptions.HubTopic;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifications;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Subscription;

/**
 * What a subscription asks for, classic or topic-based: the resource type and the search a write must match. For
 * classic R4 it is {@code Subscription.criteria}; for a topic-based one (Subscriptions R5 Backport) the topic's
 * resource narrowed by the {@code backport-filter-criteria} extensions on {@code Subscription.criteria}, joined.
 */
public record SubscriptionCriteria(String resourceType, String search, Optional<HubTopic> topic) {

	public static SubscriptionCriteria of(Subscription subscription) {
		String criteria = subscription.getCriteria() == null ? "" : subscription.getCriteria().trim();
		Optional<HubTopic> topic = HubTopic.byCanonical(criteria);
		if (topic.isPresent()) {
			String type = topic.get().resourceType();
			List<String> filters = subscription.getCriteriaElement().getExtensionsByUrl(SubscriptionNotifications.FILTER_CRITERIA)
					.stream().map(Extension::getValue).filter(value -> value != null && !value.isEmpty())
					.map(value -> value.primitiveValue().trim())
					.map(filter -> filter.startsWith(type + "?") ? filter.substring(type.length() + 1) : filter)
					.toList();
			return new SubscriptionCriteria(type, type + "?" + String.join("&", filters), topic);
		}
		int question = criteria.indexOf('?');
		String type = question < 0 ? criteria : criteria.substring(0, question);
		return new SubscriptionCriteria(type, criteria, Optional.empty());
	}

	/** How the subscription queue records {@code subscription}. */
	public static ActiveSubscription queueEntry(Subscription subscription) {
		SubscriptionCriteria criteria = of(subscription);
		return new ActiveSubscription(subscription.getIdElement().getIdPart(), criteria.resourceType(), criteria.search(),
				criteria.topic().map(HubTopic::canonical).orElse(null),
				subscription.getChannel().getType() == null ? "none" : subscription.getChannel().getType().toCode());
	}

	/** When the subscription stops ({@code Subscription.end}), or null. */
	public static java.time.Instant end(Subscription subscription) {
		return subscription.hasEnd() ? subscription.getEnd().toInstant() : null;
	}

	/** The heartbeat period the subscriber asked for ({@code backport-heartbeat-period}, seconds), or null. */
	public static Integer heartbeatSeconds(Subscription subscription) {
		org.hl7.fhir.r4.model.Extension period = subscription.getChannel()
				.getExtensionByUrl(dk.godstart.hub.routes.subscriptions.SubscriptionNotifications.HEARTBEAT_PERIOD);
		if (period == null || !(period.getValue() instanceof org.hl7.fhir.r4.model.PrimitiveType<?> value)
				|| value.getValueAsString() == null) {
			return null;
		}
		try {
			return Integer.valueOf(value.getValueAsString());
		} catch (NumberFormatException e) {
			return null;
		}
	}

	/** The search parameters, without the resource type. */
	public String parameters() {
		int question = search.indexOf('?');
		return question < 0 ? "" : search.substring(question + 1);
	}
}
