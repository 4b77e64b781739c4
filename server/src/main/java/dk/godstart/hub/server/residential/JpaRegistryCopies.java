package dk.godstart.hub.server.residential;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.registry.RegistryCopies;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's copy of the registry's places, kept through HAPI (so it is searchable like any HealthcareService, e.g.
 * {@code HealthcareService?free-places=gt0&organization.address-state=Nordjylland}). A unit is matched by SOR code
 * and added to the directory when new; a place by the registry's id (identifier
 * {@code <registry base>/HealthcareService|<id>}). Each copy carries {@code registry-fetched-at}. Places must meet
 * ResidentialTreatmentPlace; one that does not is left out and logged, the others are stored.
 */
public class JpaRegistryCopies implements RegistryCopies {

	private static final Logger log = LoggerFactory.getLogger(JpaRegistryCopies.class);

	private final DaoRegistry daos;

	public JpaRegistryCopies(DaoRegistry daos) {
		this.daos = daos;
	}

	@Override
	public int replace(List<HealthcareService> places, List<Organization> units, String registryBase, Instant fetchedAt) {
		Set<String> listed = new HashSet<>();
		int stored = upsert(places, units, registryBase, fetchedAt, listed);
		deactivateUnlisted(registryBase + "/HealthcareService", listed, fetchedAt);
		return stored;
	}

	@Override
	public int update(List<HealthcareService> places, List<Organization> units, String registryBase, Instant reportedAt) {
		return upsert(places, units, registryBase, reportedAt, new HashSet<>());
	}

	private int upsert(List<HealthcareService> places, List<Organization> units, String registryBase, Instant fetchedAt,
			Set<String> listed) {
		Map<String, String> localUnit = new HashMap<>();
		for (Organization unit : units) {
			sor(unit).flatMap(this::unitBySor).or(() -> sor(unit).map(sor -> addUnit(unit)))
					.ifPresent(local -> localUnit.put("Organization/" + unit.getIdElement().getIdPart(),
							"Organization/" + local.getIdElement().getIdPart()));
		}
		String system = registryBase + "/HealthcareService";
		int stored = 0;
		for (HealthcareService place : places) {
			String registryId = place.getIdElement().getIdPart();
			String unit = localUnit.get("Organization/" + place.getProvidedBy().getReferenceElement().getIdPart());
			if (unit == null) {
				log.warn("Registry place {} names a unit without a SOR code in the answer; left out", registryId);
				continue;
			}
			listed.add(registryId);
			HealthcareService copy = place.copy();
			copy.setId((String) null);
			copy.getIdentifier().removeIf(identifier -> system.equals(identifier.getSystem()));
			copy.addIdentifier(new Identifier().setSystem(system).setValue(registryId));
			copy.setProvidedBy(new Reference(unit));
			copy.getExtension().removeIf(extension -> GodStartIg.Extensions.REGISTRY_FETCHED_AT.equals(extension.getUrl()));
			copy.addExtension(GodStartIg.Extensions.REGISTRY_FETCHED_AT, new DateTimeType(Date.from(fetchedAt)));
			try {
				Optional<HealthcareService> known = byIdentifier(HealthcareService.class, system, registryId);
				IFhirResourceDao<HealthcareService> dao = daos.getResourceDao(HealthcareService.class);
				if (known.isPresent()) {
					copy.setId(known.get().getIdElement().toUnqualifiedVersionless());
					dao.update(copy, new SystemRequestDetails());
				} else {
					dao.create(copy, new SystemRequestDetails());
				}
				stored++;
			} catch (ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException nonConformant) {
				log.warn("Registry place {} does not meet ResidentialTreatmentPlace; left out: {}", registryId,
						nonConformant.getMessage());
			}
		}
		return stored;
	}

	private void deactivateUnlisted(String system, Set<String> listed, Instant fetchedAt) {
		for (IBaseResource found : search(HealthcareService.class, SearchParameterMap.newSynchronous()
				.add(HealthcareService.SP_IDENTIFIER, new TokenParam(system, null)))) {
			HealthcareService known = (HealthcareService) found;
			String registryId = known.getIdentifier().stream().filter(i -> system.equals(i.getSystem()))
					.map(Identifier::getValue).findFirst().orElse(null);
			if (!listed.contains(registryId) && known.getActive()) {
				known.setActive(false); // the registry no longer lists it: the unit closed its places
				known.getExtension().removeIf(extension -> GodStartIg.Extensions.REGISTRY_FETCHED_AT.equals(extension.getUrl()));
				known.addExtension(GodStartIg.Extensions.REGISTRY_FETCHED_AT, new DateTimeType(Date.from(fetchedAt)));
				known.setId(known.getIdElement().toUnqualifiedVersionless());
				daos.getResourceDao(HealthcareService.class).update(known, new SystemRequestDetails());
			}
		}
	}

	private Organization addUnit(Organization unit) {
		Organization local = new Organization();
		local.getMeta().addProfile(GodStartIg.Profiles.ORGANIZATION);
		local.setActive(true).setName(unit.getName());
		unit.getIdentifier().forEach(identifier -> local.addIdentifier(identifier.copy()));
		local.addType(new CodeableConcept(new Coding(GodStartIg.Codes.OrganizationType.SYSTEM,
				GodStartIg.Codes.OrganizationType.RESIDENTIAL_TREATMENT_UNIT, null)));
		unit.getAddress().forEach(address -> local.addAddress(address.copy()));
		unit.getTelecom().forEach(telecom -> local.addTelecom(telecom.copy()));
		return (Organization) daos.getResourceDao(Organization.class).create(local, new SystemRequestDetails()).getResource();
	}

	private Optional<Organization> unitBySor(String sor) {
		return byIdentifier(Organization.class, GodStartIg.SOR_SYSTEM, sor);
	}

	private static Optional<String> sor(Organization unit) {
		return unit.getIdentifier().stream().filter(i -> GodStartIg.SOR_SYSTEM.equals(i.getSystem()) && i.hasValue())
				.map(Identifier::getValue).findFirst();
	}

	@SuppressWarnings("unchecked")
	private <T extends IBaseResource> Optional<T> byIdentifier(Class<T> type, String system, String value) {
		return search(type, SearchParameterMap.newSynchronous().add("identifier", new TokenParam(system, value)))
				.stream().findFirst().map(found -> (T) found);
	}

	private List<IBaseResource> search(Class<? extends IBaseResource> type, SearchParameterMap map) {
		return new java.util.ArrayList<>(daos.getResourceDao(type).searchForResources(map, new SystemRequestDetails()));
	}
}
