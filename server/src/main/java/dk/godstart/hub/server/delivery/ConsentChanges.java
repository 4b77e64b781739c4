package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Instant;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records, in the write's own transaction, that a woman's consents changed ({@code hub_consent_change}), so the
 * delivery route can tell cheaply whether a notification routed on her consent must be checked again before it is
 * sent (she may have withdrawn meanwhile).
 */
@Interceptor
public class ConsentChanges {

	private final JdbcTemplate jdbc;

	public ConsentChanges(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		changed(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		changed(previous);
		changed(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		changed(resource);
	}

	private void changed(IBaseResource resource) {
		if (resource instanceof Consent consent && consent.getPatient().getReferenceElement().hasIdPart()) {
			jdbc.update("INSERT INTO hub_consent_change (patient, changed_at) VALUES (?, clock_timestamp())"
					+ " ON CONFLICT (patient) DO UPDATE SET changed_at = excluded.changed_at",
					"Patient/" + consent.getPatient().getReferenceElement().getIdPart());
		}
	}

	/** Whether any consent about {@code patient} ({@code Patient/<id>}) changed after {@code since}. */
	public boolean changedSince(String patient, Instant since) {
		Boolean changed = jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM hub_consent_change WHERE patient = ? AND changed_at >= ?)",
				Boolean.class, patient, java.sql.Timestamp.from(since));
		return Boolean.TRUE.equals(changed);
	}
}
