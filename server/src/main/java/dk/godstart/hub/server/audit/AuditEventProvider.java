package dk.godstart.hub.server.audit;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubResourceProvider;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

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

	public AuditEventProvider(AuditRecords records) {
		this.records = records;
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
				date == null || date.getLowerBoundAsInstant() == null ? null : date.getLowerBoundAsInstant().toInstant(),
				date == null || date.getUpperBoundAsInstant() == null ? null : date.getUpperBoundAsInstant().toInstant());
		int size = count == null ? DEFAULT_COUNT : Math.max(0, Math.min(count, MAX_COUNT));
		return records.search(query, offset == null ? 0 : Math.max(0, offset), size);
	}

	private static String reference(ReferenceParam entity) {
		return entity.getResourceType() != null ? entity.getResourceType() + "/" + entity.getIdPart() : entity.getValue();
	}
}
