package dk.godstart.hub.server.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import dk.godstart.hub.server.conformance.HubOwnWrites;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns audit records into AuditEvent resources, searchable by the auditor: per transaction it locks a batch of
 * records no other node holds, stores each as an AuditEvent and removes the records, so each record becomes exactly
 * one AuditEvent whichever node publishes it and whenever a node stops.
 */
public class AuditEventPublisher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditEventPublisher.class);

	private final AuditRecords records;
	private final IFhirResourceDao<AuditEvent> auditEvents;
	private final TransactionTemplate transaction;
	private final AuditProperties properties;
	private ScheduledExecutorService scheduler;

	public AuditEventPublisher(AuditRecords records, IFhirResourceDao<AuditEvent> auditEvents,
			PlatformTransactionManager transactions, AuditProperties properties) {
		this.records = records;
		this.auditEvents = auditEvents;
		this.transaction = new TransactionTemplate(transactions);
		this.properties = properties;
	}

	/** Publishes what is waiting, batch by batch; returns how many records became AuditEvents. */
	public int publishWaiting() {
		int published = 0;
		while (true) {
			Integer batch;
			try {
				batch = transaction.execute(status -> publish(records.lockOldest(properties.batchSize()), false));
			} catch (RuntimeException batchFailed) {
				batch = publishOneByOne();
			}
			published += batch == null ? 0 : batch;
			if (batch == null || batch < properties.batchSize()) {
				return published;
			}
		}
	}

	/**
	 * After a batch failed: each record in a transaction of its own, and one the store refuses as it is (it names
	 * something that does not exist, say a resource type a caller made up) is published with what it touched as
	 * text rather than as references, so one odd request never holds up the trail.
	 */
	private int publishOneByOne() {
		int published = 0;
		for (int i = 0; i < properties.batchSize(); i++) {
			Integer one;
			try {
				one = transaction.execute(status -> publish(records.lockOldest(1), false));
			} catch (RuntimeException refused) {
				one = transaction.execute(status -> publish(records.lockOldest(1), true));
			}
			if (one == null || one == 0) {
				break;
			}
			published += one;
		}
		return published;
	}

	private int publish(List<AuditRecords.Pending> pending, boolean referencesAsText) {
		for (AuditRecords.Pending record : pending) {
			AuditEvent event = records.decode(record.json());
			if (referencesAsText) {
				for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
					if (entity.getWhat().hasReference()) {
						entity.setName(entity.getWhat().getReference());
						entity.setWhat(null);
					}
				}
			}
			auditEvents.create(event, HubOwnWrites.request());
		}
		records.remove(pending);
		return pending.size();
	}

	@Override
	public void start() {
		scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "audit-publisher");
			thread.setDaemon(true);
			return thread;
		});
		long interval = properties.publishInterval().toMillis();
		scheduler.scheduleWithFixedDelay(() -> {
			try {
				publishWaiting();
			} catch (RuntimeException e) {
				log.warn("Publishing audit records failed; they stay recorded and are tried again: {}", e.toString());
			}
		}, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (scheduler != null) {
			scheduler.shutdown();
			try {
				scheduler.awaitTermination(10, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}
}
