package dk.godstart.hub.server.subscription;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dk.godstart.hub.routes.subscriptions.SubscriptionQueue;
import dk.godstart.hub.server.conformance.HubOwnWrites;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * At start-up, records in {@code hub_subscription} any Subscription stored without passing through the hub's hook
 * (one stored before the hub served subscriptions, or restored from a backup of HAPI's tables only), so it is not
 * silently never matched. One that is not off is set to {@code requested} with an error saying why, not served as
 * active: it has not been checked, and its subscriber activates it by updating it.
 */
public class SubscriptionMirrorCheck implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionMirrorCheck.class);

	private final IFhirResourceDao<Subscription> subscriptions;
	private final SubscriptionQueue queue;
	private final org.springframework.jdbc.core.JdbcTemplate jdbc;

	public SubscriptionMirrorCheck(IFhirResourceDao<Subscription> subscriptions, SubscriptionQueue queue,
			org.springframework.jdbc.core.JdbcTemplate jdbc) {
		this.subscriptions = subscriptions;
		this.queue = queue;
		this.jdbc = jdbc;
	}

	@Override
	public void run(ApplicationArguments args) {
		SearchParameterMap all = new SearchParameterMap();
		all.setLoadSynchronous(true);
		List<IBaseResource> stored = subscriptions.search(all, new SystemRequestDetails()).getAllResources();
		int recorded = 0;
		for (IBaseResource resource : stored) {
			Subscription subscription = (Subscription) resource;
			String id = subscription.getIdElement().getIdPart();
			Integer known = jdbc.queryForObject("SELECT count(*) FROM hub_subscription WHERE id = ?", Integer.class, id);
			if (known == null || known > 0) {
				continue;
			}
			if (subscription.getStatus() == Subscription.SubscriptionStatus.OFF) {
				queue.mirror(SubscriptionCriteria.queueEntry(subscription), "off", SubscriptionCriteria.end(subscription),
						SubscriptionCriteria.heartbeatSeconds(subscription));
			} else {
				// written through the hook, which records it; what the subscriber reads says what to do
				subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
				subscription.setError("Not yet checked by the hub: update this subscription (status requested) to have "
						+ "its endpoint checked and the subscription activated.");
				subscription.setId(subscription.getIdElement().toUnqualifiedVersionless());
				subscriptions.update(subscription, HubOwnWrites.request());
			}
			recorded++;
		}
		if (recorded > 0) {
			log.warn("{} stored Subscription(s) were not known to the hub's subscription queue; now recorded (those not "
					+ "off as requested: their subscribers must update them to have them checked and activated)", recorded);
		}
	}
}
