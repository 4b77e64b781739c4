package dk.godstart.hub.routes.delivery;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Communication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks the notifications of delivered messages completed, with the time of delivery, a batch per transaction. The
 * delivery row is the record of the delivery; this makes the FHIR resource say so shortly after, without holding
 * the receiver's next message back for a resource update. Rows are locked for the transaction, so nodes share the
 * work; a crash before commit leaves them to be done again.
 */
public class NotificationStatusSync {

	private static final Logger log = LoggerFactory.getLogger(NotificationStatusSync.class);

	private final DeliveryRepository deliveries;
	private final NotificationStore notifications;
	private final NotificationFactory notificationFactory;
	private final TransactionTemplate transaction;
	private final DeliveryProperties properties;

	public NotificationStatusSync(DeliveryRepository deliveries, NotificationStore notifications,
			NotificationFactory notificationFactory, TransactionTemplate transaction, DeliveryProperties properties) {
		this.deliveries = deliveries;
		this.notifications = notifications;
		this.notificationFactory = notificationFactory;
		this.transaction = transaction;
		this.properties = properties;
	}

	/** Brings one batch up to date; returns how many notifications it marked completed. */
	public int sync() {
		Integer synced = transaction.execute(status -> {
			List<DeliveryRepository.DeliveredNotification> delivered = deliveries.lockUnsynced(properties.batchSize());
			for (DeliveryRepository.DeliveredNotification row : delivered) {
				Optional<Communication> found = notifications.find(row.communicationId());
				if (found.isEmpty()) {
					// deleted or expunged since: the delivery row stays the record; nothing else to bring up to date
					log.warn("Notification Communication/{} no longer exists; its delivery is recorded in hub_delivery only",
							row.communicationId());
					continue;
				}
				Communication notification = found.get();
				if (notification.getStatus() != Communication.CommunicationStatus.COMPLETED) {
					notificationFactory.delivered(notification, Date.from(row.deliveredAt()));
					notifications.update(notification);
				}
			}
			deliveries.markSynced(delivered.stream().map(DeliveryRepository.DeliveredNotification::id).toList());
			return delivered.size();
		});
		return synced == null ? 0 : synced;
	}
}
