package dk.godstart.hub.server.subscription;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dk.godstart.hub.routes.subscriptions.SubscriptionEvent;
import dk.godstart.hub.routes.subscriptions.SubscriptionStore;
import dk.godstart.hub.server.audit.AuditTrail;
import dk.godstart.hub.server.conformance.HubOwnWrites;
import dk.godstart.hub.server.security.AccessPolicy;
import java.util.Optional;
import java.util.function.Predicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * Subscriptions and the resources their events are about, read and written through HAPI. What the delivery route
 * records (status, error) is written as a new version of the Subscription, only if the subscriber did not change it
 * in the meantime (the version is checked; on a conflict the change is made again on the newer version).
 */
public class JpaSubscriptionStore implements SubscriptionStore {

	private static final int ATTEMPTS = 3;

	private final IFhirResourceDao<Subscription> subscriptions;
	private final DaoRegistry daos;
	private final AuditTrail audit;

	public JpaSubscriptionStore(DaoRegistry daos, AuditTrail audit) {
		this.daos = daos;
		this.audit = audit;
		this.subscriptions = daos.getResourceDao(Subscription.class);
	}

	@Override
	public Optional<Subscription> read(String id) {
		try {
			return Optional.of(subscriptions.read(new IdType("Subscription", id), new SystemRequestDetails()));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

	@Override
	public Optional<IBaseResource> focus(SubscriptionEvent event) {
		IdType id = event.focusVersion() == null ? new IdType(event.focusType(), event.focusId())
				: new IdType(event.focusType(), event.focusId(), String.valueOf(event.focusVersion()));
		try {
			IFhirResourceDao<?> dao = daos.getResourceDao(event.focusType());
			return Optional.of(id.hasVersionIdPart() ? dao.read(id, new SystemRequestDetails(), true)
					: dao.read(id, new SystemRequestDetails()));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

	@Override
	public void notified(Subscription subscription, SubscriptionEvent event, Optional<IBaseResource> focus) {
		String subscriber = AccessPolicy.organisationsNamed(SubscriptionCriteria.of(subscription).search()).stream()
				.findFirst().map(id -> "Organization/" + id).orElse(null);
		audit.subscriptionNotified(subscriber, "Subscription/" + subscription.getIdElement().getIdPart(),
				focus.orElse(null), event.focus());
	}

	@Override
	public void failing(String id, String error) {
		change(id, subscription -> {
			if (subscription.getStatus() != Subscription.SubscriptionStatus.ACTIVE || error.equals(subscription.getError())) {
				return false;
			}
			subscription.setError(error);
			return true;
		});
	}

	@Override
	public void recovered(String id) {
		change(id, subscription -> {
			if (!subscription.hasError()) {
				return false;
			}
			subscription.setError(null);
			return true;
		});
	}

	@Override
	public void ended(String id) {
		change(id, subscription -> {
			if (subscription.getStatus() == Subscription.SubscriptionStatus.OFF || !subscription.hasEnd()
					|| subscription.getEnd().after(new java.util.Date())) {
				return false;
			}
			subscription.setStatus(Subscription.SubscriptionStatus.OFF);
			return true;
		});
	}

	@Override
	public void gaveUp(String id, String error) {
		change(id, subscription -> {
			if (subscription.getStatus() != Subscription.SubscriptionStatus.ACTIVE) {
				return false;
			}
			subscription.setStatus(Subscription.SubscriptionStatus.ERROR);
			subscription.setError(error);
			return true;
		});
	}

	/** Applies {@code change} to the current version and stores it if it changed something. */
	private void change(String id, Predicate<Subscription> change) {
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			Optional<Subscription> current = read(id);
			if (current.isEmpty() || !change.test(current.get())) {
				return;
			}
			try {
				subscriptions.update(current.get(), HubOwnWrites.request());
				return;
			} catch (ResourceVersionConflictException e) {
				if (attempt == ATTEMPTS) {
					throw e;
				}
			}
		}
	}
}
