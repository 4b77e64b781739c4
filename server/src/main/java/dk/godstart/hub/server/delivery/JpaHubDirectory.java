package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.routing.HubDirectory;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/** The routes' view of the store, on HAPI's DAOs as the system (no end-user authorisation applies to routing). */
public class JpaHubDirectory implements HubDirectory {


	private final DaoRegistry daos;
	private final ConsentChanges consentChanges;

	public JpaHubDirectory(DaoRegistry daos, ConsentChanges consentChanges) {
		this.daos = daos;
		this.consentChanges = consentChanges;
	}

	@Override
	public boolean consentsChangedSince(IIdType patient, java.time.Instant since) {
		return consentChanges.changedSince(patient.getResourceType() + "/" + patient.getIdPart(), since);
	}

	@Override
	public <T extends Resource> Optional<T> read(IIdType id, Class<T> type) {
		if (id == null || !id.hasResourceType() || !id.hasIdPart() || !daos.isResourceTypeSupported(id.getResourceType())) {
			return Optional.empty();
		}
		try {
			IBaseResource resource = daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
			return type.isInstance(resource) ? Optional.of(type.cast(resource)) : Optional.empty();
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

	@Override
	public List<Organization> municipalUnits(String municipalityCode, String typeCode) {
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add(Organization.SP_IDENTIFIER, new TokenParam(GodStartIg.MUNICIPALITY_CODE_SYSTEM, municipalityCode))
				.add(Organization.SP_TYPE, new TokenParam(GodStartIg.CodeSystems.ORGANIZATION_TYPE, typeCode))
				.add(Organization.SP_ACTIVE, new TokenParam("true"));
		return search(Organization.class, search);
	}

	@Override
	public List<Contract> bindingAgreements() {
		TokenOrListParam binding = new TokenOrListParam();
		for (String status : List.of("executed", "amended", "appended", "renewed")) {
			binding.addOr(new TokenParam(status));
		}
		return search(Contract.class, SearchParameterMap.newSynchronous().add(Contract.SP_STATUS, binding));
	}

	@Override
	public <T extends Resource> List<T> byIdentifier(Class<T> type, String system, String value) {
		return search(type, SearchParameterMap.newSynchronous().add("identifier", new TokenParam(system, value)));
	}

	@Override
	public List<org.hl7.fhir.r4.model.Consent> consentsAbout(IIdType patient) {
		return search(org.hl7.fhir.r4.model.Consent.class, SearchParameterMap.newSynchronous()
				.add(org.hl7.fhir.r4.model.Consent.SP_PATIENT, new ReferenceParam(patient.toUnqualifiedVersionless().getValue())));
	}

	@Override
	public List<ServiceRequest> referralsAbout(IIdType patient) {
		SearchParameterMap search = SearchParameterMap.newSynchronous()
				.add(ServiceRequest.SP_SUBJECT, new ReferenceParam(patient.toUnqualifiedVersionless().getValue()))
				.add(ServiceRequest.SP_CODE, new TokenParam(GodStartIg.Codes.HubServiceType.SYSTEM, GodStartIg.Codes.HubServiceType.FAMILY_AMBULATORY));
		search.setSort(new SortSpec("_lastUpdated", SortOrderEnum.DESC));
		return search(ServiceRequest.class, search);
	}

	@Override
	public List<org.hl7.fhir.r4.model.CareTeam> careTeamsAbout(IIdType patient) {
		return search(org.hl7.fhir.r4.model.CareTeam.class, SearchParameterMap.newSynchronous()
				.add(org.hl7.fhir.r4.model.CareTeam.SP_SUBJECT, new ReferenceParam(patient.toUnqualifiedVersionless().getValue())));
	}

	@Override
	public List<org.hl7.fhir.r4.model.RelatedPerson> custodyHoldersOf(IIdType patient) {
		return search(org.hl7.fhir.r4.model.RelatedPerson.class, SearchParameterMap.newSynchronous()
				.add(org.hl7.fhir.r4.model.RelatedPerson.SP_PATIENT, new ReferenceParam(patient.toUnqualifiedVersionless().getValue()))
				.add(org.hl7.fhir.r4.model.RelatedPerson.SP_RELATIONSHIP, new ca.uhn.fhir.rest.param.TokenParam(
						dk.godstart.hub.profiles.GodStartIg.CodeSystems.RELATED_PERSON_ROLE,
						dk.godstart.hub.profiles.GodStartIg.Codes.RelatedPersonRole.CUSTODY_HOLDER)));
	}

	private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap search) {
		IFhirResourceDao<T> dao = daos.getResourceDao(type);
		return dao.searchForResources(search, new SystemRequestDetails());
	}
}
