package dk.godstart.hub.routes.adt;

/**
 * The audit trail's view of HL7 v2 senders: a message refused because its connection may not send for its sending
 * facility is recorded. The server implements it on its audit trail.
 */
public interface AdtSenderAudit {

	/**
	 * @param certificate the connection's client certificate (null: none)
	 * @param remoteAddress where the connection came from
	 * @param message what the message claimed (its sending facility, control id, event)
	 * @param reason why it was refused
	 */
	void refused(ClientCertificate certificate, String remoteAddress, AdtMessage message, String reason);
}
