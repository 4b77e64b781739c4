package dk.godstart.hub.routes.routing;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * What routing needs to read from the hub's store. The server implements it on HAPI's DAOs; routes never see the
 * server's classes.
 */
public interface HubDirectory {

	/** The current version of a stored resource, if it exists and is not deleted. */
	<T extends Resource> Optional<T> read(IIdType id, Class<T> type);

	/** Active organisations carrying the municipality code identifier {@code municipalityCode} and type {@code typeCode}. */
	List<Organization> municipalUnits(String municipalityCode, String typeCode);

	/** Agreements whose status makes them binding (executed, amended, appended, renewed); the policy checks dates. */
	List<Contract> bindingAgreements();

	/** Stored resources of a type carrying the identifier {@code system|value} (a CPR number, a SOR code, a GLN). */
	<T extends Resource> List<T> byIdentifier(Class<T> type, String system, String value);

	/** Every consent (in force, refused, withdrawn) whose patient is this one. */
	List<org.hl7.fhir.r4.model.Consent> consentsAbout(IIdType patient);

	/**
	 * Whether any consent about a patient was created, changed or deleted at or after {@code since}: a cheap question
	 * asked before every send on her consent, so her consents are read again only when they changed.
	 */
	boolean consentsChangedSince(IIdType patient, java.time.Instant since);

	/** Family-ambulatory referrals about a patient, newest first. */
	List<ServiceRequest> referralsAbout(IIdType patient);

	/**
	 * The holders of custody of a patient (a child) as recorded: RelatedPersons whose patient she is, coded
	 * {@code custody-holder}, whatever their period (the custody rule checks dates).
	 */
	List<org.hl7.fhir.r4.model.RelatedPerson> custodyHoldersOf(IIdType patient);

	/** The care teams (her networks) whose subject is this patient. */
	List<org.hl7.fhir.r4.model.CareTeam> careTeamsAbout(IIdType patient);
}
