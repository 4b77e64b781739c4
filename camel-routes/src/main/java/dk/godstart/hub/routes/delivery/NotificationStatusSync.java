package dk.godstart.hub.routes.delivery;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Communication;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks the notifications of delivered messages completed, with the time of delivery, a batch per transaction. The
 * delivery row is the record of the delivery; this makes the FHIR resource say so shortly after, without holding
 * the receiver's next message back for a resource update. Rows are locked for the transaction, so nodes share the
 * work; a crash before commit leaves them to be done again.
 */
public class NotificationStatusSync {

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
				Communication notification = notifications.read(row.communicationId());
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
