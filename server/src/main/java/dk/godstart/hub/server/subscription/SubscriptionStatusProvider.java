package dk.godstart.hub.server.subscription;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dk.godstart.hub.routes.subscriptions.SubscriptionEvent;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifications;
import dk.godstart.hub.routes.subscriptions.SubscriptionQueue;
import dk.godstart.hub.routes.subscriptions.SubscriptionStore;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubOperationProvider;
import dk.godstart.hub.server.security.AccessPolicy;
import dk.godstart.hub.server.security.HubCaller;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * {@code GET /fhir/Subscription/<id>/$status} and {@code $events}.
 * {@code $status}: where a subscription stands, as the Subscriptions R5 Backport's
 * {@code $status} answers it (a Bundle with one subscription status): its status, how many events it has had, and
 * its error. The hub adds what a subscriber needs when something is wrong: events still queued, events set aside,
 * when the last one was delivered, the last delivery error, and since when deliveries fail.
 */
public class SubscriptionStatusProvider implements HubOperationProvider {

	private final SubscriptionStore store;
	private final SubscriptionQueue queue;
	private final SubscriptionNotifications notifications;
	private final AccessPolicy access;

	public SubscriptionStatusProvider(SubscriptionStore store, SubscriptionQueue queue,
			SubscriptionNotifications notifications, AccessPolicy access) {
		this.store = store;
		this.queue = queue;
		this.notifications = notifications;
		this.access = access;
	}

	/** The most events one {@code $events} call returns; ask again from the next number for more. */
	static final int MAX_EVENTS = 200;

	@Operation(name = "$status", type = Subscription.class, idempotent = true)
	public Bundle status(@IdParam IdType id, RequestDetails request) {
		Subscription subscription = visible(id, request);
		SubscriptionQueue.QueueStatus queued = queue.status(id.getIdPart()).orElse(
				new SubscriptionQueue.QueueStatus(null, 0, null, 0, 0, null, null));
		Parameters status = notifications.status(subscription, "query-status", queued.eventsSinceStart());
		if (subscription.hasError()) {
			status.addParameter().setName("error").setValue(new CodeableConcept().setText(subscription.getError()));
		}
		status.addParameter().setName("hub-events-queued").setValue(new IntegerType(queued.pending()));
		status.addParameter().setName("hub-events-set-aside").setValue(new IntegerType(queued.parked()));
		if (queued.lastDelivered() != null) {
			status.addParameter().setName("hub-last-delivered").setValue(new InstantType(Date.from(queued.lastDelivered())));
		}
		if (queued.failingSince() != null) {
			status.addParameter().setName("hub-failing-since").setValue(new InstantType(Date.from(queued.failingSince())));
		}
		if (queued.lastError() != null) {
			status.addParameter().setName("hub-last-delivery-error").setValue(new org.hl7.fhir.r4.model.StringType(queued.lastError()));
		}
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		bundle.setTotal(1);
		bundle.addEntry().setResource(status).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
		return bundle;
	}

	/**
	 * {@code GET /fhir/Subscription/<id>/$events?eventsSinceNumber=&eventsUntilNumber=&content=}, as the backport
	 * defines it: a subscriber that lost notifications (its own crash, a restore) fetches them again by number, from
	 * 1 (default) up to the latest (default), at most {@value #MAX_EVENTS} per call, with the focus as
	 * {@code content} says (default: the subscription's own payload content). Events the retention sweep removed
	 * ({@code godstart.retention.keep-for}) are no longer there.
	 */
	@Operation(name = "$events", type = Subscription.class, idempotent = true)
	public Bundle events(@IdParam IdType id,
			@OperationParam(name = "eventsSinceNumber") StringType since,
			@OperationParam(name = "eventsUntilNumber") StringType until,
			@OperationParam(name = "content") CodeType content,
			RequestDetails request) {
		Subscription subscription = visible(id, request);
		if (!SubscriptionNotifications.isTopicBased(subscription)) {
			throw new InvalidRequestException("$events is for topic-based subscriptions (the backport); "
					+ "Subscription/" + id.getIdPart() + " has classic criteria");
		}
		long latest = queue.status(id.getIdPart()).map(SubscriptionQueue.QueueStatus::eventsSinceStart).orElse(0L);
		long from = number(since, "eventsSinceNumber", 1);
		long to = Math.min(number(until, "eventsUntilNumber", latest), latest);
		String shape = content == null || content.isEmpty() ? SubscriptionNotifications.payloadContent(subscription)
				: content.getValue();
		if (!List.of("empty", "id-only", "full-resource").contains(shape)) {
			throw new InvalidRequestException("content must be empty, id-only or full-resource, not " + shape);
		}
		List<SubscriptionEvent> events = from > to ? List.of() : queue.events(id.getIdPart(), from, to, MAX_EVENTS);
		return notifications.events(subscription, latest, events, store::focus, shape);
	}

	private Subscription visible(IdType id, RequestDetails request) {
		return store.read(id.getIdPart())
				.filter(found -> HubCaller.of(request).map(caller -> access.canSee(caller, request, found)).orElse(true))
				.orElseThrow(() -> new ResourceNotFoundException("Subscription/" + id.getIdPart() + " is not known"));
	}

	private static long number(StringType value, String name, long fallback) {
		if (value == null || value.isEmpty()) {
			return fallback;
		}
		try {
			long number = Long.parseLong(value.getValue().trim());
			if (number < 1) {
				throw new NumberFormatException();
			}
			return number;
		} catch (NumberFormatException e) {
			throw new InvalidRequestException(name + " must be an event number (1 or more), not " + value.getValue());
		}
	}
}
