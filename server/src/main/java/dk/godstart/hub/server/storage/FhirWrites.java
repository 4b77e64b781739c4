package dk.godstart.hub.server.storage;

import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import java.util.Locale;
import java.util.Set;

/**
 * Which FHIR requests store something, and so are refused while the store's disk is low: create, update, patch,
 * delete, tags and meta changes, transaction and batch bundles, and every operation that is POSTed unless it is one
 * known only to read ({@code $validate}, terminology, {@code $everything}, the hub's own reports and statuses, ...).
 * An operation the hub does not know counts as a write: refusing a read for a while is safe, storing on a full disk
 * is not. Searches (also {@code POST _search}), reads, history, paging and the CapabilityStatement are reads.
 */
public final class FhirWrites {

	private static final Set<RestOperationTypeEnum> WRITES = Set.of(RestOperationTypeEnum.CREATE,
			RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.UPDATE_REWRITE_HISTORY, RestOperationTypeEnum.PATCH,
			RestOperationTypeEnum.DELETE, RestOperationTypeEnum.TRANSACTION, RestOperationTypeEnum.BATCH,
			RestOperationTypeEnum.ADD_TAGS, RestOperationTypeEnum.DELETE_TAGS, RestOperationTypeEnum.META_ADD,
			RestOperationTypeEnum.META_DELETE);

	private static final Set<RestOperationTypeEnum> OPERATIONS = Set.of(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
			RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);

	/** Operations that only read, even when POSTed (HAPI's and the hub's own). */
	private static final Set<String> READING_OPERATIONS = Set.of("$validate", "$lookup", "$expand", "$validate-code",
			"$subsumes", "$translate", "$everything", "$meta", "$diff", "$lastn", "$graphql", "$delivery-status",
			"$status", "$events", "$postnatal-report");

	private FhirWrites() {}

	/**
	 * @param operation HAPI's type of the request
	 * @param method the HTTP method
	 * @param operationName the extended operation's name ({@code $process-message}), null for other requests
	 */
	public static boolean stores(RestOperationTypeEnum operation, RequestTypeEnum method, String operationName) {
		if (operation == null) {
			return false;
		}
		if (WRITES.contains(operation)) {
			return true;
		}
		if (OPERATIONS.contains(operation)) {
			// HAPI lets only idempotent (reading) operations be called with GET
			return method != RequestTypeEnum.GET && method != RequestTypeEnum.HEAD && (operationName == null
					|| !READING_OPERATIONS.contains(normalised(operationName)));
		}
		return false;
	}

	private static String normalised(String operationName) {
		String name = operationName.toLowerCase(Locale.ROOT);
		return name.startsWith("$") ? name : "$" + name;
	}
}
