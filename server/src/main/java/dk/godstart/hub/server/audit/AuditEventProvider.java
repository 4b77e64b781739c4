package dk.godstart.hub.server.audit;

import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubResourceProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code /fhir/AuditEvent}: the audit trail, read-only, newest first, straight from the append-only log
 * ({@link AuditRecords}) — searchable the moment a request is answered, and never changed through the API.
 * Search by {@code patient}, {@code entity}, {@code altid} (the client), {@code agent-name} (the organisation, as
 * {@code system|value}), {@code action}, {@code outcome} and {@code date}; page with {@code _count} and {@code _offset}.
 */
public class AuditEventProvider implements IResourceProvider, HubResourceProvider {

	private static final int DEFAULT_COUNT = 50;
	private static final int MAX_COUNT = 500;

	private final AuditRecords records;
	private final AuditTrail trail;
	private final ca.uhn.fhir.context.FhirContext fhirContext;

	public AuditEventProvider(AuditRecords records, AuditTrail trail, ca.uhn.fhir.context.FhirContext fhirContext) {
		this.records = records;
		this.trail = trail;
		this.fhirContext = fhirContext;
	}

	/**
	 * {@code GET /fhir/AuditEvent/$export-ndjson}: the trail for the data controller, as FHIR NDJSON (one BALP
	 * AuditEvent a line, oldest first), streamed from the log; optionally from {@code _since}, up to {@code _until}, and
	 * only what names {@code patient}. Operator-only (as every operation the hub does not open to clients); the export
	 * is itself in the trail, recorded before the first line leaves.
	 */
	@Operation(name = "$export-ndjson", idempotent = true, manualResponse = true)
	public void exportNdjson(
			@OperationParam(name = "_since") DateTimeType since,
			@OperationParam(name = "_until") DateTimeType until,
			@OperationParam(name = "patient") StringType patient,
			ServletRequestDetails request,
			HttpServletResponse response) throws IOException {
		trail.answered(request, null);
		response.setStatus(200);
		response.setContentType("application/fhir+ndjson");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		IParser parser = fhirContext.newJsonParser().setPrettyPrint(false);
		String woman = patient == null || patient.isEmpty() ? null
				: patient.getValue().startsWith("Patient/") ? patient.getValue() : "Patient/" + patient.getValue();
		Writer out = response.getWriter();
		try {
			records.export(woman, since == null ? null : since.getValue().toInstant(),
					until == null ? null : until.getValue().toInstant(), event -> {
						try {
							out.write(parser.encodeResourceToString(event));
							out.write('\n');
						} catch (IOException e) {
							throw new UncheckedIOException(e);
						}
					});
		} catch (UncheckedIOException clientGone) {
			throw clientGone.getCause();
		}
		out.flush();
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return AuditEvent.class;
	}

	@Read
	public AuditEvent read(@IdParam IdType id) {
		AuditEvent event = null;
		if (id.isIdPartValidLong()) {
			event = records.read(id.getIdPartAsLong());
		}
		if (event == null) {
			throw new ResourceNotFoundException(id);
		}
		return event;
	}

	@Search
	public List<AuditEvent> search(
			@OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient,
			@OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceParam entity,
			@OptionalParam(name = AuditEvent.SP_ALTID) TokenParam client,
			@OptionalParam(name = AuditEvent.SP_AGENT_NAME) StringParam organisation,
			@OptionalParam(name = AuditEvent.SP_ACTION) TokenParam action,
			@OptionalParam(name = AuditEvent.SP_OUTCOME) TokenParam outcome,
			@OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenParam subtype,
			@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
			@Offset Integer offset,
			@Count Integer count) {
		AuditRecords.Query query = new AuditRecords.Query(
				patient == null ? null : "Patient/" + patient.getIdPart(),
				entity == null ? null : reference(entity),
				client == null ? null : client.getValue(),
				organisation == null ? null : organisation.getValue(),
				action == null ? null : action.getValue(),
				outcome == null ? null : outcome.getValue(),
				subtype == null ? null : subtype.getValue(),
				date == null || date.getLowerBoundAsInstant() == null ? null : date.getLowerBoundAsInstant().toInstant(),
				date == null || date.getUpperBoundAsInstant() == null ? null : date.getUpperBoundAsInstant().toInstant());
		int size = count == null ? DEFAULT_COUNT : Math.max(0, Math.min(count, MAX_COUNT));
		return records.search(query, offset == null ? 0 : Math.max(0, offset), size);
	}

	private static String reference(ReferenceParam entity) {
		return entity.getResourceType() != null ? entity.getResourceType() + "/" + entity.getIdPart() : entity.getValue();
	}
}
