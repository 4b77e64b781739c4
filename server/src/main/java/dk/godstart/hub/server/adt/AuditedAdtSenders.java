package dk.godstart.hub.server.adt;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.adt.AdtMessage;
import dk.godstart.hub.routes.adt.AdtSenderAudit;
import dk.godstart.hub.routes.adt.ClientCertificate;
import dk.godstart.hub.server.audit.AuditRecords;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * HL7 v2 messages refused because their connection's certificate may not send for their sending facility, in the
 * audit trail (in a transaction of its own, before the {@code AR} leaves): the certificate as the requesting agent
 * (its subject is the record's client), the facility it claimed as the organisation, where it came from, the
 * message's control id and event, and why.
 */
public class AuditedAdtSenders implements AdtSenderAudit {

	public static final String SUBTYPE = "hl7v2-sender-refused";
	public static final String CERTIFICATE_SYSTEM = "urn:godstart:x509-subject";

	private final AuditRecords records;

	public AuditedAdtSenders(AuditRecords records) {
		this.records = records;
	}

	@Override
	public void refused(ClientCertificate certificate, String remoteAddress, AdtMessage message, String reason) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110107", "Import"));
		event.addSubtype(new Coding("urn:godstart:audit", SUBTYPE, "HL7 v2 message refused: its sender may not send "
				+ "for its sending facility"));
		event.setAction(AuditEvent.AuditEventAction.C);
		event.setRecorded(new Date());
		event.setOutcome(AuditEvent.AuditEventOutcome._4);
		event.setOutcomeDesc(reason);

		String subject = certificate == null ? "(no client certificate)" : certificate.subject();
		AuditEvent.AuditEventAgentComponent sender = event.addAgent()
				.setType(new CodeableConcept(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110150", "Application")))
				.setRequestor(true)
				.setAltId(subject)
				.setName(certificate == null ? subject : certificate.toString());
		sender.getWho().getIdentifier().setSystem(CERTIFICATE_SYSTEM).setValue(subject);
		sender.getWho().setDisplay(subject);
		if (remoteAddress != null) {
			sender.getNetwork().setAddress(remoteAddress).setType(AuditEvent.AuditEventAgentNetworkType._2);
		}
		String claimed = GodStartIg.SOR_SYSTEM + "|" + message.sendingFacility();
		AuditEvent.AuditEventAgentComponent organisation = event.addAgent()
				.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PROV",
						"healthcare provider")).setText("sending facility the message claimed (MSH-4)"))
				.setRequestor(false)
				.setName(claimed);
		organisation.getWho().getIdentifier().setSystem(GodStartIg.SOR_SYSTEM).setValue(message.sendingFacility());

		event.addEntity()
				.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"))
				.setName("ADT^" + message.event().name() + " " + message.controlId())
				.getWhat().getIdentifier().setSystem("urn:godstart:hl7v2-control-id").setValue(message.controlId());
		event.getSource().setSite("GodStart Hub").getObserver().setDisplay("GodStart Hub");
		event.getSource().addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4",
				"Application Server"));
		records.recordNow(event);
	}
}
