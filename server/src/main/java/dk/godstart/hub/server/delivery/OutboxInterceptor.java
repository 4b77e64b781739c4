package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dk.godstart.hub.routes.events.EventClassifier;
import dk.godstart.hub.routes.events.OutboxRepository;
import dk.godstart.hub.routes.events.WakeUps;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Announces hub events in the outbox from inside the write's own transaction (HAPI's pre-commit hooks, which in a
 * transaction bundle run once every entry is stored): the outbox row commits with the write or not at all.
 */
@Interceptor
public class OutboxInterceptor {

	private final EventClassifier classifier;
	private final OutboxRepository outbox;
	private final WakeUps wakeUps;

	public OutboxInterceptor(EventClassifier classifier, OutboxRepository outbox, WakeUps wakeUps) {
		this.classifier = classifier;
		this.outbox = outbox;
		this.wakeUps = wakeUps;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		announce(null, resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		announce(previous, resource);
	}

	private void announce(IBaseResource previous, IBaseResource resource) {
		classifier.classify(previous, resource).ifPresent(event -> {
			outbox.announce(event, resource.getIdElement(), classifier.subjectOf(resource));
			wakeUps.afterCommit(WakeUps.OUTBOX_EVENTS);
		});
	}
}
