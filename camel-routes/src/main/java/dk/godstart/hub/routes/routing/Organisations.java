package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Who is who, read from the directory for routing: the organisation behind a reference, a unit and the organisations
 * above it ({@code partOf}), a woman's home municipality's units, and an organisation's types.
 */
public class Organisations {

	private static final int MAX_PART_OF_DEPTH = 10;

	private final HubDirectory directory;

	public Organisations(HubDirectory directory) {
		this.directory = directory;
	}

	/** The organisation behind a reference to an Organization or to a PractitionerRole working for one. */
	public Optional<Organization> of(Reference reference) {
		if (reference == null || !reference.hasReference()) {
			return Optional.empty();
		}
		IIdType id = idOf(reference);
		if ("PractitionerRole".equals(id.getResourceType())) {
			return directory.read(id, PractitionerRole.class)
					.filter(PractitionerRole::hasOrganization)
					.flatMap(role -> directory.read(idOf(role.getOrganization()), Organization.class));
		}
		if ("Organization".equals(id.getResourceType())) {
			return directory.read(id, Organization.class);
		}
		return Optional.empty();
	}

	public Organization read(String key) {
		return directory.read(new IdType(key), Organization.class)
				.orElseThrow(() -> new RoutingException(key + " is not stored"));
	}

	/** The unit itself and every organisation above it, as {@code Organization/<id>}. */
	public Set<String> selfAndAncestors(Organization organization) {
		Set<String> keys = new HashSet<>();
		Organization current = organization;
		for (int depth = 0; current != null && depth < MAX_PART_OF_DEPTH; depth++) {
			if (!keys.add(key(current))) {
				break;
			}
			current = current.hasPartOf()
					? directory.read(idOf(current.getPartOf()), Organization.class).orElse(null)
					: null;
		}
		return keys;
	}

	/** The woman the event is about; routing cannot go on without her. */
	public Patient patient(Reference reference) {
		return directory.read(idOf(reference), Patient.class)
				.orElseThrow(() -> new RoutingException("The woman the event is about is not stored: " + reference.getReference()));
	}

	/** Her home municipality's units of a type (family department, health visitors), from her address. */
	public List<Organization> homeMunicipalUnits(Patient patient, String typeCode) {
		String code = municipalityCode(patient);
		return code == null ? List.of() : directory.municipalUnits(code, typeCode);
	}

	public static String municipalityCode(Patient patient) {
		return patient.getAddress().stream()
				.filter(address -> address.getUse() != org.hl7.fhir.r4.model.Address.AddressUse.OLD)
				.flatMap(address -> address.getExtensionsByUrl(GodStartIg.MUNICIPALITY_CODE_EXTENSION).stream())
				.map(Extension::getValue)
				.filter(CodeableConcept.class::isInstance)
				.map(CodeableConcept.class::cast)
				.flatMap(concept -> concept.getCoding().stream())
				.filter(coding -> GodStartIg.MUNICIPALITY_CODE_SYSTEM.equals(coding.getSystem()))
				.map(coding -> coding.getCode())
				.findFirst()
				.orElse(null);
	}

	/** The guide's organisation types an organisation carries. */
	public static Set<String> types(Organization organization) {
		Set<String> types = new HashSet<>();
		organization.getType().forEach(type -> type.getCoding().stream()
				.filter(coding -> GodStartIg.CodeSystems.ORGANIZATION_TYPE.equals(coding.getSystem()))
				.forEach(coding -> types.add(coding.getCode())));
		return types;
	}

	public static boolean hasMunicipalityCode(Organization organization) {
		return organization.getIdentifier().stream()
				.map(Identifier::getSystem)
				.anyMatch(GodStartIg.MUNICIPALITY_CODE_SYSTEM::equals);
	}

	public static String key(Organization organization) {
		return "Organization/" + organization.getIdElement().getIdPart();
	}

	public static String describe(Organization organization) {
		return (organization.hasName() ? organization.getName() + " " : "") + "(" + key(organization) + ")";
	}

	public static IIdType idOf(Reference reference) {
		IIdType id = reference.getReferenceElement();
		return new IdType(id.getResourceType(), id.getIdPart());
	}

	public static IIdType idOf(Resource resource) {
		return resource.getIdElement().toUnqualifiedVersionless();
	}
}
