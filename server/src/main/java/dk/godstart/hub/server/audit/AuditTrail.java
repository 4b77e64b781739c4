package dk.godstart.hub.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import dk.godstart.hub.server.security.AccessPolicy;
import dk.godstart.hub.server.security.HubCaller;
import dk.godstart.hub.server.security.Scopes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The audit trail of the FHIR API: one AuditEvent per request that touches patient data (read, search, create,
 * update, delete, message, operation) and per refused or failed request of any kind, naming the client, its
 * organisation, what was touched, when, the outcome, and the agreement that gave access. Writes are recorded in
 * their own transaction ({@link dk.godstart.hub.server.security.AccessRecorder}); reads before their answer leaves (if
 * the record cannot be written, the caller gets an error, not the data); refusals and failures in a transaction of
 * their own.
 */
@Interceptor
public class AuditTrail implements HubServerInterceptor {

	private static final String RECORDED = AuditTrail.class.getName() + ".recorded";
	private static final String TOUCHED = AuditTrail.class.getName() + ".touched";
	private static final int MAX_ENTITIES = 100;
	/** Operations that look only at what is posted (or at terminology) and so touch no stored patient data. */
	private static final Set<String> UNAUDITED_OPERATIONS = Set.of("$validate", "$lookup", "$expand", "$validate-code",
			"$subsumes", "$translate");

	/** A resource a caller's request wrote, reported by the write's transaction just before it commits. */
	public record Written(RequestDetails request, IBaseResource resource, String interaction) {}

	private final AuditRecords records;
	private final AccessPolicy policy;

	public AuditTrail(AuditRecords records, AccessPolicy policy) {
		this.records = records;
		this.policy = policy;
	}

	/**
	 * Notes that a request touched {@code reference} ({@code Type/id}) in a way the interaction itself does not show
	 * (e.g. the Bundle an incoming message was stored as, and the woman it is about); its audit record names it.
	 */
	@SuppressWarnings("unchecked")
	public static void touched(RequestDetails request, String reference) {
		if (request != null && reference != null) {
			((Set<String>) request.getUserData().computeIfAbsent(TOUCHED, k -> new LinkedHashSet<String>())).add(reference);
		}
	}

	@SuppressWarnings("unchecked")
	private static Set<String> touchedBy(RequestDetails request) {
		Object touched = request.getUserData().get(TOUCHED);
		return touched == null ? Set.of() : (Set<String>) touched;
	}

	/** Records the callers' writes of a transaction inside it, one AuditEvent per request. */
	public void writesCommitting(List<Written> writes) {
		Map<RequestDetails, List<Written>> byRequest = new LinkedHashMap<>();
		writes.forEach(write -> byRequest.computeIfAbsent(write.request(), r -> new ArrayList<>()).add(write));
		byRequest.forEach((request, written) -> {
			HubCaller caller = HubCaller.of(request).orElseThrow();
			AuditEvent event = AuditEvents.interaction(caller, address(request), interaction(request, written.get(0).interaction()),
					action(written.get(0).interaction()));
			Set<String> touched = new LinkedHashSet<>();
			for (Written write : written) {
				touched.add(key(write.resource()));
				touched.addAll(patientsOf(write.resource()));
			}
			AuditEvents.resources(event, limit(touched));
			records.recordWithCurrentTransaction(event);
			request.getUserData().put(RECORDED, Boolean.TRUE);
		});
	}

	/**
	 * A notification has reached its receiver: the hub disclosed what it is about to the recipient organisation under
	 * the agreement it names. Recorded in the transaction that marks it delivered, so once per notification.
	 */
	public void delivered(org.hl7.fhir.r4.model.Communication notification) {
		record(AuditEvents.delivery(notification.getRecipientFirstRep().getReference()), notification);
	}

	/**
	 * The hub decided not to disclose: the agreement covered the flow but its legal basis did not hold. Recorded with
	 * the notification that says why, in the routing transaction, with the basis that was missing.
	 */
	public void disclosureRefused(org.hl7.fhir.r4.model.Communication notification) {
		record(AuditEvents.disclosureRefused(notification.getRecipientFirstRep().getReference(),
				notification.getStatusReason().getText()), notification);
	}

	private void record(AuditEvent event, org.hl7.fhir.r4.model.Communication notification) {
		Set<String> touched = new LinkedHashSet<>();
		touched.add("Communication/" + notification.getIdElement().getIdPart());
		if (notification.getSubject().hasReference()) {
			touched.add(notification.getSubject().getReference());
		}
		notification.getAbout().forEach(about -> touched.add(about.getReference()));
		AuditEvents.resources(event, limit(touched));
		AuditEvents.agreements(event, policy.agreementsOf(notification));
		org.hl7.fhir.r4.model.Extension basis = notification.getExtensionByUrl(GodStartIg.Extensions.LEGAL_BASIS);
		org.hl7.fhir.r4.model.Extension evidence = notification.getExtensionByUrl(
				GodStartIg.Extensions.LEGAL_BASIS_EVIDENCE);
		AuditEvents.legalBasis(event, basis == null || basis.getValue() == null ? null : basis.getValue().primitiveValue(),
				evidence != null && evidence.getValue() instanceof org.hl7.fhir.r4.model.Reference reference ? reference.getReference() : null);
		records.recordWithCurrentTransaction(event);
	}

	/**
	 * A subscriber was sent an event about {@code focus} (and the woman it concerns): recorded after the fact, on its
	 * own, since the send is not part of a database transaction.
	 */
	public void subscriptionNotified(String subscriber, String subscription, org.hl7.fhir.instance.model.api.IBaseResource focus,
			String focusReference) {
		AuditEvent event = AuditEvents.subscriptionNotified(subscriber);
		Set<String> touched = new LinkedHashSet<>();
		touched.add(subscription);
		touched.add(focusReference);
		if (focus != null) {
			touched.addAll(patientsOf(focus));
		}
		AuditEvents.resources(event, limit(touched));
		records.recordNow(event);
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean answered(RequestDetails request, IBaseResource response) {
		HubCaller caller = HubCaller.of(request).orElse(null);
		if (caller == null || Boolean.TRUE.equals(request.getUserData().get(RECORDED)) || !touchesPatientData(request)) {
			return true;
		}
		RestOperationTypeEnum operation = request.getRestOperationType();
		AuditEvent event = AuditEvents.interaction(caller, address(request), interaction(request, null), action(operation));
		Set<String> touched = new LinkedHashSet<>();
		if (request.getId() != null && request.getId().hasIdPart() && request.getResourceName() != null) {
			touched.add(request.getResourceName() + "/" + request.getId().getIdPart());
		}
		touched.addAll(touchedBy(request));
		if (response instanceof Bundle bundle && isSearch(operation)) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (entry.hasResource()) {
					touched.add(key(entry.getResource()));
					touched.addAll(patientsOf(entry.getResource()));
				}
			}
		} else if (response != null && isRead(operation)) {
			touched.add(key(response));
			touched.addAll(patientsOf(response));
		}
		AuditEvents.resources(event, limit(touched));
		if (isSearch(operation)) {
			AuditEvents.query(event, request.getRequestPath() + queryOf(request));
		}
		AuditEvents.agreements(event, AccessPolicy.agreementsUsed(request));
		records.recordNow(event);
		request.getUserData().put(RECORDED, Boolean.TRUE);
		return true;
	}

	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean failed(RequestDetails request, BaseServerResponseException exception) {
		HubCaller caller = HubCaller.of(request).orElse(null);
		if (caller == null) {
			return true;
		}
		boolean refused = exception.getStatusCode() == 401 || exception.getStatusCode() == 403;
		if (!refused && request.getOperation() != null && UNAUDITED_OPERATIONS.contains(request.getOperation())) {
			return true;
		}
		AuditEvent event = AuditEvents.interaction(caller, address(request), interaction(request, null),
				action(request.getRestOperationType()));
		if (request.getId() != null && request.getId().hasIdPart() && request.getResourceName() != null) {
			AuditEvents.resources(event, List.of(request.getResourceName() + "/" + request.getId().getIdPart()));
		}
		if (isSearch(request.getRestOperationType())) {
			AuditEvents.query(event, request.getRequestPath() + queryOf(request));
		}
		AuditEvents.failed(event, exception.getStatusCode(), exception.getMessage());
		records.recordNow(event);
		return true;
	}

	/** A request refused before it reached the FHIR API (no valid token): who is unknown, where from and what is not. */
	public void refusedAtTheDoor(HttpServletRequest request, int status, String reason) {
		HubCaller unknown = new HubCaller("unauthenticated", null, null, Scopes.of(List.of()));
		AuditEvent event = AuditEvents.interaction(unknown, request.getRemoteAddr(), "operation",
				"GET".equals(request.getMethod()) ? AuditEvent.AuditEventAction.R : AuditEvent.AuditEventAction.E);
		event.getSubtypeFirstRep().setDisplay(request.getMethod() + " " + request.getRequestURI());
		event.getAgentFirstRep().setRequestor(true);
		AuditEvents.failed(event, status, reason);
		records.recordNow(event);
	}

	private boolean touchesPatientData(RequestDetails request) {
		String operation = request.getOperation();
		if (operation != null) {
			return !UNAUDITED_OPERATIONS.contains(operation);
		}
		RestOperationTypeEnum type = request.getRestOperationType();
		if (type == RestOperationTypeEnum.METADATA) {
			return false;
		}
		String resourceName = request.getResourceName();
		return resourceName == null || AccessPolicy.isPatientDataOrAudit(resourceName);
	}

	private Set<String> patientsOf(IBaseResource resource) {
		Set<String> patients = new LinkedHashSet<>();
		if (resource instanceof Resource && AccessPolicy.isPatientDataOrAudit(resource.fhirType())) {
			for (String target : policy.referencedPatientData(resource)) {
				if (target.startsWith("Patient/")) {
					patients.add(target);
				}
			}
		}
		return patients;
	}

	private static List<String> limit(Set<String> touched) {
		return touched.stream().filter(reference -> !reference.endsWith("/null")).limit(MAX_ENTITIES).toList();
	}

	private static String key(IBaseResource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}

	private static String queryOf(RequestDetails request) {
		if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest().getQueryString() != null) {
			return "?" + servlet.getServletRequest().getQueryString();
		}
		return "";
	}

	private static String address(RequestDetails request) {
		return request instanceof ServletRequestDetails servlet ? servlet.getServletRequest().getRemoteAddr() : null;
	}

	private static boolean isSearch(RestOperationTypeEnum operation) {
		return operation == RestOperationTypeEnum.SEARCH_TYPE || operation == RestOperationTypeEnum.SEARCH_SYSTEM
				|| operation == RestOperationTypeEnum.GET_PAGE || operation == RestOperationTypeEnum.HISTORY_TYPE
				|| operation == RestOperationTypeEnum.HISTORY_SYSTEM || operation == RestOperationTypeEnum.HISTORY_INSTANCE;
	}

	private static boolean isRead(RestOperationTypeEnum operation) {
		return operation == RestOperationTypeEnum.READ || operation == RestOperationTypeEnum.VREAD
				|| operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE
				|| operation == RestOperationTypeEnum.PATCH;
	}

	/** The FHIR restful-interaction code of the request. */
	private static String interaction(RequestDetails request, String fallback) {
		RestOperationTypeEnum type = request.getRestOperationType();
		if (type == null) {
			return fallback == null ? "operation" : fallback;
		}
		return switch (type) {
			case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE -> "operation";
			case GET_PAGE -> "search-type";
			default -> type.getCode();
		};
	}

	private static AuditEvent.AuditEventAction action(String interaction) {
		return switch (interaction) {
			case "create" -> AuditEvent.AuditEventAction.C;
			case "update" -> AuditEvent.AuditEventAction.U;
			case "delete" -> AuditEvent.AuditEventAction.D;
			default -> AuditEvent.AuditEventAction.E;
		};
	}

	private static AuditEvent.AuditEventAction action(RestOperationTypeEnum operation) {
		if (operation == null) {
			return AuditEvent.AuditEventAction.E;
		}
		return switch (operation) {
			case CREATE -> AuditEvent.AuditEventAction.C;
			case READ, VREAD -> AuditEvent.AuditEventAction.R;
			// BALP: a search is a query, executed
			case SEARCH_TYPE, SEARCH_SYSTEM, GET_PAGE, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM ->
					AuditEvent.AuditEventAction.E;
			case UPDATE, PATCH -> AuditEvent.AuditEventAction.U;
			case DELETE -> AuditEvent.AuditEventAction.D;
			default -> AuditEvent.AuditEventAction.E;
		};
	}

}
