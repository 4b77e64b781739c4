package dk.godstart.hub.server.subscription;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifications;
import dk.godstart.hub.routes.subscriptions.SubscriptionQueue;
import dk.godstart.hub.routes.subscriptions.SubscriptionStore;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubOperationProvider;
import dk.godstart.hub.server.security.AccessPolicy;
import dk.godstart.hub.server.security.HubCaller;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Subscription;

/**
 * {@code GET /fhir/Subscription/<id>/$status}: where a subscription stands, as the Subscriptions R5 Backport's
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

	@Operation(name = "$status", type = Subscription.class, idempotent = true)
	public Bundle status(@IdParam IdType id, RequestDetails request) {
		Subscription subscription = store.read(id.getIdPart())
				.filter(found -> HubCaller.of(request).map(caller -> access.canSee(caller, request, found)).orElse(true))
				.orElseThrow(() -> new ResourceNotFoundException("Subscription/" + id.getIdPart() + " is not known"));
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
}
