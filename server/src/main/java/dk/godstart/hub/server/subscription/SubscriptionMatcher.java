package dk.godstart.hub.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.godstart.hub.routes.delivery.DeliveryProperties;
import dk.godstart.hub.routes.events.WakeUps;
import dk.godstart.hub.routes.subscriptions.ActiveSubscription;
import dk.godstart.hub.routes.subscriptions.HubTopic;
import dk.godstart.hub.routes.subscriptions.SubscriptionQueue;
import dk.godstart.hub.server.security.AccessPolicy;
import java.time.Clock;
import java.util.Collections;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues subscription events from inside the write's own transaction (HAPI's pre-commit hooks): a write that commits
 * has its events queued, one that rolls back has none, and a crash between the two cannot happen. A Subscription's own
 * write records it in {@code hub_subscription}, so every node sees it from that commit on.
 * <p>
 * Each write is matched in memory against the active subscriptions on its resource type (and, for a topic, the
 * topic's trigger). As a last guard, an event is queued only when an organisation the criteria name takes part in the
 * resource: the criteria named the subscriber's own organisation when it was stored, so what a subscriber is sent is
 * what it could read.
 */
@Interceptor
public class SubscriptionMatcher {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionMatcher.class);

	private final SubscriptionQueue queue;
	private final SearchParamMatcher matcher;
	private final AccessPolicy access;
	private final DeliveryProperties delivery;
	private final Clock clock;
	private final WakeUps wakeUps;

	public SubscriptionMatcher(SubscriptionQueue queue, SearchParamMatcher matcher, AccessPolicy access,
			DeliveryProperties delivery, Clock clock, WakeUps wakeUps) {
		this.wakeUps = wakeUps;
		this.queue = queue;
		this.matcher = matcher;
		this.access = access;
		this.delivery = delivery;
		this.clock = clock;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		written(null, resource, "create", request);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		written(previous, resource, "update", request);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource, RequestDetails request) {
		if (resource instanceof Subscription subscription) {
			queue.remove(subscription.getIdElement().getIdPart());
			return;
		}
		written(resource, resource, "delete", request);
	}

	private void written(IBaseResource previous, IBaseResource resource, String interaction, RequestDetails request) {
		if (resource instanceof Subscription subscription) {
			mirror(previous, subscription);
			return;
		}
		String type = resource.fhirType();
		for (ActiveSubscription subscription : queue.activeFor(type)) {
			if (matches(subscription, previous, resource, interaction, request)) {
				queue.enqueue(subscription, type, resource.getIdElement().getIdPart(),
						resource.getIdElement().getVersionIdPartAsLong(), interaction,
						clock.instant().plus(delivery.retry().giveUpAfter()));
				wakeUps.afterCommit(WakeUps.SUBSCRIPTION_EVENTS);
			}
		}
	}

	private boolean matches(ActiveSubscription subscription, IBaseResource previous, IBaseResource resource,
			String interaction, RequestDetails request) {
		if (subscription.topic() != null) {
			HubTopic topic = HubTopic.byCanonical(subscription.topic()).orElse(null);
			if (topic == null || "delete".equals(interaction)
					|| !topic.triggeredBy("create".equals(interaction) ? null : previous, resource)) {
				return false;
			}
		}
		InMemoryMatchResult result;
		try {
			result = matcher.match(subscription.criteria(), resource, request);
		} catch (RuntimeException e) {
			log.warn("Subscription {}: criteria {} could not be matched: {}", subscription.id(), subscription.criteria(),
					e.getMessage());
			return false;
		}
		if (!result.matched()) {
			return false;
		}
		Set<String> named = AccessPolicy.organisationsNamed(subscription.criteria());
		// a notification held back for want of an agreement or a legal basis was never sent: its recipient is not told
		if (Collections.disjoint(named, access.participants(resource, !access.withheldFromItsRecipients(resource)))) {
			log.warn("Subscription {} matched {} but none of {} takes part in it; not sent", subscription.id(),
					resource.getIdElement().toUnqualifiedVersionless().getValue(), named);
			return false;
		}
		return true;
	}

	private void mirror(IBaseResource previous, Subscription subscription) {
		String id = subscription.getIdElement().getIdPart();
		String status = subscription.hasStatus() ? subscription.getStatus().toCode() : "requested";
		queue.mirror(SubscriptionCriteria.queueEntry(subscription), status, SubscriptionCriteria.end(subscription),
				SubscriptionCriteria.heartbeatSeconds(subscription));
		boolean wasActive = previous instanceof Subscription before
				&& before.getStatus() == Subscription.SubscriptionStatus.ACTIVE;
		if ("active".equals(status) && !wasActive) {
			queue.resume(id, clock.instant().plus(delivery.retry().giveUpAfter()));
		}
	}
}
