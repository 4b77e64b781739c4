package dk.godstart.hub.server.audit;

import dk.godstart.hub.server.security.HubCaller;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * Builds the hub's AuditEvents, after the shape of IHE's Basic Audit Log Patterns for RESTful access: the
 * interaction (type {@code rest}, subtype the FHIR interaction), the client and the organisation it acts for (agents),
 * the hub (source), and what was touched (entities: the resources, the woman they are about, the query of a search,
 * the agreement that allowed it).
 */
public final class AuditEvents {

	public static final String CLIENT_SYSTEM = "urn:godstart:oauth-client";
	/** The people signed in through a client (the console's operators), by their token's subject. */
	public static final String USER_SYSTEM = "urn:godstart:user";
	static final String INTERACTION_SYSTEM = "http://hl7.org/fhir/restful-interaction";
	static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
	static final String ENTITY_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

	private AuditEvents() {}

	/** A new AuditEvent for an interaction by {@code caller} from {@code address}; add outcome and entities. */
	public static AuditEvent interaction(HubCaller caller, String address, String interaction, AuditEvent.AuditEventAction action) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
		event.addSubtype(new Coding(INTERACTION_SYSTEM, interaction, null));
		event.setAction(action);
		event.setRecorded(new Date());
		event.setOutcome(AuditEvent.AuditEventOutcome._0);

		AuditEvent.AuditEventAgentComponent client = event.addAgent()
				.setType(new CodeableConcept(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110150", "Application")))
				.setRequestor(true)
				.setAltId(caller.clientId())
				.setName(caller.clientId());
		client.getWho().getIdentifier().setSystem(CLIENT_SYSTEM).setValue(caller.clientId());
		client.getWho().setDisplay(caller.clientId());
		if (address != null) {
			client.getNetwork().setAddress(address).setType(AuditEvent.AuditEventAgentNetworkType._2);
		}
		if (caller.person() != null) {
			// BALP's user agent: the person who used the client (the console's operator)
			AuditEvent.AuditEventAgentComponent person = event.addAgent()
					.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/extra-security-role-type",
							"humanuser", "human user")))
					.setRequestor(true)
					.setName(caller.person().name());
			person.getWho().setDisplay(caller.person().name()).getIdentifier().setSystem(USER_SYSTEM)
					.setValue(caller.person().id());
		}
		if (caller.actsForOrganisation()) {
			organisationAgent(event, caller.organisation());
		}
		source(event);
		return event;
	}

	/** The hub sent a message to {@code recipient} (an {@code Organization/<id>} reference). */
	public static AuditEvent delivery(String recipient) {
		return export(recipient, new Coding("urn:godstart:audit", "message-delivered", "Hub message delivered to its receiver"));
	}

	/** A subscription notification sent to a subscriber (its organisation, as its criteria name it). */
	public static AuditEvent subscriptionNotified(String subscriber) {
		return export(subscriber, new Coding("urn:godstart:audit", "subscription-notified",
				"Subscription notification sent to its subscriber"));
	}

	private static AuditEvent export(String recipient, Coding subtype) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110106", "Export"));
		event.addSubtype(subtype);
		event.setAction(AuditEvent.AuditEventAction.R);
		event.setRecorded(new Date());
		event.setOutcome(AuditEvent.AuditEventOutcome._0);
		event.addAgent()
				.setType(new CodeableConcept(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110153", "Source Role ID")))
				.setRequestor(true)
				.setName("GodStart Hub")
				.getWho().setDisplay("GodStart Hub");
		event.addAgent()
				.setType(new CodeableConcept(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110152", "Destination Role ID")))
				.setRequestor(false)
				.setWho(new Reference(recipient));
		source(event);
		return event;
	}

	public static void failed(AuditEvent event, int httpStatus, String description) {
		event.setOutcome(httpStatus >= 500 ? AuditEvent.AuditEventOutcome._8 : AuditEvent.AuditEventOutcome._4);
		event.setOutcomeDesc(httpStatus + " " + (description == null ? "" : description));
	}

	/** The resources touched ({@code Type/id}); the women among them are marked as the patients concerned. */
	public static void resources(AuditEvent event, Collection<String> references) {
		for (String reference : references) {
			boolean patient = reference.startsWith("Patient/");
			event.addEntity()
					.setWhat(new Reference(reference))
					.setType(new Coding(ENTITY_TYPE, patient ? "1" : "2", patient ? "Person" : "System Object"))
					.setRole(patient ? new Coding(ENTITY_ROLE, "1", "Patient") : new Coding(ENTITY_ROLE, "4", "Domain Resource"));
		}
	}

	public static void query(AuditEvent event, String query) {
		event.addEntity()
				.setType(new Coding(ENTITY_TYPE, "2", "System Object"))
				.setRole(new Coding(ENTITY_ROLE, "24", "Query"))
				.setQuery(query.getBytes(StandardCharsets.UTF_8));
	}

	/** A disclosure the hub decided against: no legal basis held for it ({@code why} says what was missing). */
	public static AuditEvent disclosureRefused(String recipient, String why) {
		AuditEvent event = export(recipient, new Coding("urn:godstart:audit", "disclosure-refused",
				"Disclosure refused: no legal basis"));
		event.setOutcome(AuditEvent.AuditEventOutcome._4);
		event.setOutcomeDesc(why);
		return event;
	}

	/**
	 * The legal basis of a disclosure (or the one found missing), as the purpose of the event, and what showed it held
	 * (her Consent, the professional's concern notification), as an entity.
	 */
	public static void legalBasis(AuditEvent event, String basisCode, String evidence) {
		if (basisCode != null) {
			event.addPurposeOfEvent(new CodeableConcept(new Coding(dk.godstart.hub.routes.agreements.LegalBasis.SYSTEM,
					basisCode, dk.godstart.hub.routes.agreements.LegalBasis.fromCode(basisCode)
							.map(dk.godstart.hub.routes.agreements.LegalBasis::display).orElse(null))));
		}
		if (evidence != null) {
			event.addEntity()
					.setWhat(new Reference(evidence))
					.setType(new Coding(ENTITY_TYPE, "2", "System Object"))
					.setRole(new Coding(ENTITY_ROLE, "13", "Security Resource"))
					.setDescription("legal basis of the disclosure");
		}
	}

	/** The agreements under which access was given. */
	public static void agreements(AuditEvent event, Collection<String> agreementIds) {
		for (String id : agreementIds) {
			event.addEntity()
					.setWhat(new Reference("Contract/" + id))
					.setType(new Coding(ENTITY_TYPE, "2", "System Object"))
					.setDescription("cross-sector agreement under which access was given");
		}
	}

	static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
	static final String TOKEN_ID_SYSTEM = "urn:godstart:token-id";

	/**
	 * A token request at the hub's own issuer (DICOM's User Authentication, Login): the client that asked, as it named
	 * itself (checked when the token was issued, only claimed when it was refused), where from, how it authenticated,
	 * and the organisation its tokens act for; the hub is the issuer. Add the token with {@link #token} or the refusal
	 * with {@link #failed}.
	 */
	public static AuditEvent tokenRequest(String clientId, String organisation, String address, String authenticationMethod) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding(DCM, "110114", "User Authentication"));
		event.addSubtype(new Coding(DCM, "110122", "Login"));
		event.setAction(AuditEvent.AuditEventAction.E);
		event.setRecorded(new Date());
		event.setOutcome(AuditEvent.AuditEventOutcome._0);
		String named = clientId == null ? "unidentified" : clientId;
		AuditEvent.AuditEventAgentComponent client = event.addAgent()
				.setType(new CodeableConcept(new Coding(DCM, "110150", "Application")))
				.setRequestor(true)
				.setAltId(named)
				.setName(named);
		client.getWho().setDisplay(named);
		if (clientId != null) {
			client.getWho().getIdentifier().setSystem(CLIENT_SYSTEM).setValue(clientId);
		}
		if (authenticationMethod != null) {
			client.addPolicy(authenticationMethod);
		}
		if (address != null) {
			client.getNetwork().setAddress(address).setType(AuditEvent.AuditEventAgentNetworkType._2);
		}
		organisationAgent(event, organisation);
		Balp.hubAgent(event).getType().setText("token issuer");
		source(event);
		return event;
	}

	/** The token issued: its id ({@code jti}, never the token itself) and the scopes it grants. */
	public static void token(AuditEvent event, String tokenId, Collection<String> scopes) {
		AuditEvent.AuditEventEntityComponent token = event.addEntity()
				.setType(new Coding(ENTITY_TYPE, "2", "System Object"))
				.setRole(new Coding(ENTITY_ROLE, "13", "Security Resource"))
				.setDescription("access token issued");
		if (tokenId != null) {
			token.getWhat().getIdentifier().setSystem(TOKEN_ID_SYSTEM).setValue(tokenId);
		}
		token.addDetail().setType("scope").setValue(new org.hl7.fhir.r4.model.StringType(String.join(" ", scopes)));
	}

	/**
	 * An operator's change of a client registration at {@code /admin/clients} (DICOM's Security Alert, User Security
	 * Attributes Changed): who changed it (the operator's client and organisation), what (the client, its scopes and
	 * key source as registered after the change), how ({@code action}: C, U or D).
	 */
	public static AuditEvent clientRegistration(HubCaller operator, String address, AuditEvent.AuditEventAction action,
			String clientId, String registered) {
		AuditEvent event = interaction(operator, address, "client-registration", action);
		event.setType(new Coding(DCM, "110113", "Security Alert"));
		event.getSubtype().clear();
		event.addSubtype(new Coding(DCM, "110137", "User Security Attributes Changed"));
		AuditEvent.AuditEventEntityComponent client = event.addEntity()
				.setType(new Coding(ENTITY_TYPE, "2", "System Object"))
				.setRole(new Coding(ENTITY_ROLE, "13", "Security Resource"))
				.setName(clientId)
				.setDescription("client registration");
		client.getWhat().getIdentifier().setSystem(CLIENT_SYSTEM).setValue(clientId);
		if (registered != null) {
			client.addDetail().setType("registration").setValue(new org.hl7.fhir.r4.model.StringType(registered));
		}
		return event;
	}

	private static void organisationAgent(AuditEvent event, String organisation) {
		if (organisation == null || !organisation.contains("|")) {
			return;
		}
		AuditEvent.AuditEventAgentComponent agent = event.addAgent()
				.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PROV", "healthcare provider"))
						.setText("organisation the client acts for"))
				.setRequestor(false)
				.setName(organisation);
		agent.getWho().getIdentifier().setSystem(organisation.substring(0, organisation.indexOf('|')))
				.setValue(organisation.substring(organisation.indexOf('|') + 1));
	}

	private static void source(AuditEvent event) {
		event.getSource().setSite("GodStart Hub").getObserver().setDisplay("GodStart Hub");
		event.getSource().addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
	}
}
