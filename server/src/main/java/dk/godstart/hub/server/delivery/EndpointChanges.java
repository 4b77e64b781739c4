package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dk.godstart.hub.routes.delivery.EndpointPauses;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the delivery queue in step with the receivers' Endpoint resources, in the transaction that writes them: an
 * Endpoint stored {@code suspended} pauses its deliveries and any other status resumes them ({@link EndpointPauses});
 * a corrected address takes the deliveries still queued for the old one along. Whoever may write the Endpoint (an
 * operator, through the API or the console) does this, audited as the write it is.
 */
@Interceptor
public class EndpointChanges {

	private static final Logger log = LoggerFactory.getLogger(EndpointChanges.class);

	private final EndpointPauses pauses;

	public EndpointChanges(EndpointPauses pauses) {
		this.pauses = pauses;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		if (resource instanceof Endpoint endpoint) {
			pauses.set(id(endpoint), endpoint.getAddress(), endpoint.getStatus() == Endpoint.EndpointStatus.SUSPENDED);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		if (resource instanceof Endpoint endpoint) {
			if (previous instanceof Endpoint before && before.hasAddress() && endpoint.hasAddress()
					&& !before.getAddress().equals(endpoint.getAddress())) {
				int moved = pauses.moveQueued(before.getAddress(), endpoint.getAddress());
				log.info("Endpoint/{} moved from {} to {}: {} queued deliveries follow it", id(endpoint),
						before.getAddress(), endpoint.getAddress(), moved);
			}
			pauses.set(id(endpoint), endpoint.getAddress(), endpoint.getStatus() == Endpoint.EndpointStatus.SUSPENDED);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		if (resource instanceof Endpoint endpoint) {
			pauses.set(id(endpoint), null, false);
		}
	}

	private static String id(Endpoint endpoint) {
		return endpoint.getIdElement().getIdPart();
	}
}
