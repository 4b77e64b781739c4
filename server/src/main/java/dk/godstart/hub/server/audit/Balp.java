package dk.godstart.hub.server.audit;

import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * Renders the hub's audit records as IHE Basic Audit Log Patterns (BALP) AuditEvents: a successful RESTful create,
 * read, update, delete or search claims the BALP profile of its kind (the {@code Patient*} one when it names a woman)
 * and carries the agents and entities that profile asks for: the client as Source Role ID, the hub as Destination
 * Role ID, the data (role 4), the woman (role 1) and, for a search, the query (role 24). The profile URLs and agent
 * codes are HAPI's ({@link BalpProfileEnum}). The hub's own additions (the organisation the client acts for, the
 * agreements and legal basis that allowed a disclosure) are extra agents, entities and purposes, which BALP's open
 * slicing admits. Idempotent, so records written before the hub was BALP-shaped are shaped when served.
 *
 * <p>Failed and refused requests, operations and the hub's own exports (deliveries, subscription notifications,
 * refused disclosures) have no BALP basic pattern and claim none; they keep the same agents and entities.
 */
public final class Balp {

	/** The hub itself, as the server agent. */
	public static final String HUB_SYSTEM = "urn:godstart:hub";
	public static final String HUB_ID = "godstart-hub";
	static final String HUB_NAME = "GodStart Hub";
	static final String REST_TYPE_SYSTEM = BalpConstants.CS_AUDIT_EVENT_TYPE;

	private Balp() {}

	/** Shapes {@code event} after the BALP pattern it follows, if any; returns it. */
	public static AuditEvent shape(AuditEvent event) {
		Optional<BalpProfileEnum> profile = profileOf(event);
		event.getMeta().getProfile().removeIf(claimed -> isBalp(claimed.getValue()));
		if (profile.isEmpty()) {
			return event;
		}
		BalpProfileEnum pattern = profile.get();
		event.getMeta().addProfile(pattern.getProfileUrl());
		// a search is executed (E) in BALP; records from before it was shaped said read (R)
		event.setAction(pattern.getAction());

		AuditEvent.AuditEventAgentComponent client = event.getAgent().stream()
				.filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst().orElse(null);
		if (client != null) {
			addCoding(client.getType(), pattern.getAgentClientTypeCoding());
		}
		AuditEvent.AuditEventAgentComponent server = event.getAgent().stream().filter(Balp::isHub).findFirst()
				.orElseGet(() -> hubAgent(event));
		addCoding(server.getType(), pattern.getAgentServerTypeCoding());

		boolean query = pattern == BalpProfileEnum.BASIC_QUERY || pattern == BalpProfileEnum.PATIENT_QUERY;
		if (!query && event.getEntity().stream().noneMatch(e -> hasRole(e, "4") && e.getWhat().hasReference())) {
			// the data read or written is the woman's own record: it is the data as well as the patient
			event.getEntity().stream().filter(e -> hasRole(e, "1")).findFirst().ifPresent(patient -> event.addEntity()
					.setWhat(patient.getWhat().copy())
					.setType(new Coding(BalpConstants.CS_AUDIT_ENTITY_TYPE, "2", "System Object"))
					.setRole(new Coding(BalpConstants.CS_OBJECT_ROLE, "4", "Domain Resource")));
		}
		return event;
	}

	/** The BALP pattern a record follows: a successful RESTful interaction of one of BALP's five kinds. */
	static Optional<BalpProfileEnum> profileOf(AuditEvent event) {
		if (!event.hasType() || !REST_TYPE_SYSTEM.equals(event.getType().getSystem())
				|| !"rest".equals(event.getType().getCode()) || event.getOutcome() != AuditEvent.AuditEventOutcome._0) {
			return Optional.empty();
		}
		String interaction = event.getSubtype().stream()
				.filter(coding -> BalpConstants.CS_RESTFUL_INTERACTION.equals(coding.getSystem()))
				.map(Coding::getCode).findFirst().orElse("");
		boolean patient = event.getEntity().stream()
				.anyMatch(e -> hasRole(e, "1") && e.getWhat().getReferenceElement().getResourceType() != null
						&& "Patient".equals(e.getWhat().getReferenceElement().getResourceType()));
		boolean query = event.getEntity().stream().anyMatch(e -> hasRole(e, "24") && e.hasQuery());
		BalpProfileEnum profile = switch (interaction) {
			case "create" -> patient ? BalpProfileEnum.PATIENT_CREATE : BalpProfileEnum.BASIC_CREATE;
			case "read", "vread" -> patient ? BalpProfileEnum.PATIENT_READ : BalpProfileEnum.BASIC_READ;
			case "update", "patch" -> patient ? BalpProfileEnum.PATIENT_UPDATE : BalpProfileEnum.BASIC_UPDATE;
			case "delete" -> patient ? BalpProfileEnum.PATIENT_DELETE : BalpProfileEnum.BASIC_DELETE;
			case "search-type", "search-system", "history-instance", "history-type", "history-system" ->
					query ? (patient ? BalpProfileEnum.PATIENT_QUERY : BalpProfileEnum.BASIC_QUERY) : null;
			default -> null;
		};
		return Optional.ofNullable(profile);
	}

	/** Whether {@code agent} is the hub as the server of the interaction. */
	static boolean isHub(AuditEvent.AuditEventAgentComponent agent) {
		return !agent.getRequestor() && HUB_SYSTEM.equals(agent.getWho().getIdentifier().getSystem());
	}

	/** Adds the hub as an agent of {@code event} (the server of an interaction, the issuer of a token). */
	static AuditEvent.AuditEventAgentComponent hubAgent(AuditEvent event) {
		AuditEvent.AuditEventAgentComponent hub = event.addAgent().setRequestor(false).setName(HUB_NAME);
		hub.getWho().setDisplay(HUB_NAME).getIdentifier().setSystem(HUB_SYSTEM).setValue(HUB_ID);
		return hub;
	}

	private static boolean hasRole(AuditEvent.AuditEventEntityComponent entity, String code) {
		return BalpConstants.CS_OBJECT_ROLE.equals(entity.getRole().getSystem()) && code.equals(entity.getRole().getCode());
	}

	private static void addCoding(CodeableConcept concept, Coding coding) {
		if (concept.getCoding().stream().noneMatch(c -> coding.getSystem().equals(c.getSystem()) && coding.getCode().equals(c.getCode()))) {
			concept.getCoding().add(0, coding.copy());
		}
	}

	private static boolean isBalp(String url) {
		return url != null && url.startsWith("https://profiles.ihe.net/ITI/BALP/");
	}

	static boolean claims(AuditEvent event, BalpProfileEnum profile) {
		return event.getMeta().getProfile().stream().map(CanonicalType::getValue).anyMatch(profile.getProfileUrl()::equals);
	}
}
