package dk.godstart.hub.routes.subscriptions;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;

/**
 * The Subscription resources and the resources their events are about, as the delivery route needs them. The server
 * implements it on HAPI's DAOs; what the route records here is what a subscriber sees when it reads its subscription.
 */
public interface SubscriptionStore {

	/** The subscription as stored now; empty when it was deleted. */
	Optional<Subscription> read(String id);

	/** The resource an event is about, at the version that matched; empty when that version is gone. */
	Optional<IBaseResource> focus(SubscriptionEvent event);

	/** A subscriber took an event: a disclosure, for the audit trail. */
	void notified(Subscription subscription, SubscriptionEvent event, Optional<IBaseResource> focus);

	/** Deliveries fail and are being retried: {@code Subscription.error} says why; the status stays active. */
	void failing(String id, String error);

	/** Deliveries get through again: the error is cleared. */
	void recovered(String id);

	/**
	 * The subscription's end ({@code Subscription.end}) has come: its status becomes {@code off}, unless the
	 * subscriber moved the end meanwhile.
	 */
	void ended(String id);

	/** Retrying ran out: the subscription's status becomes {@code error}; the subscriber re-requests it when fixed. */
	void gaveUp(String id, String error);
}
