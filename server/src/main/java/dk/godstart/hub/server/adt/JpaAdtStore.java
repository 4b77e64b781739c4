package dk.godstart.hub.server.adt;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.profiles.GodStartIg.Codes.HubTaskCode;
import dk.godstart.hub.routes.adt.AdtEvent;
import dk.godstart.hub.routes.adt.AdtMessage;
import dk.godstart.hub.routes.adt.AdtRejection;
import dk.godstart.hub.routes.adt.AdtStore;
import dk.godstart.hub.routes.adt.AdtToFhir;
import dk.godstart.hub.routes.dedup.IdempotentInbox;
import dk.godstart.hub.routes.postnatal.PostnatalRule;
import dk.godstart.hub.routes.routing.RoutingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores an ADT message on HAPI's DAOs, in one transaction with its key in {@code hub_adt_message} (a repeat changes
 * nothing): it finds what is stored already, has {@link AdtToFhir} say what to write and {@link PostnatalRule}
 * whether a discharge owes a home visit, and writes that. The writes are the hub's own transformation of a received
 * message: profile enforcement applies to them as to any write (a Patient must meet DkMaternityPatient).
 */
public class JpaAdtStore implements AdtStore {

	private final DaoRegistry daos;
	private final IdempotentInbox inbox;
	private final TransactionTemplate transaction;
	private final AdtToFhir mapping;
	private final PostnatalRule postnatal;
	private final RoutingPolicy routing;
	private final Clock clock;

	public JpaAdtStore(DaoRegistry daos, IdempotentInbox inbox, TransactionTemplate transaction, AdtToFhir mapping,
			PostnatalRule postnatal, RoutingPolicy routing, Clock clock) {
		this.daos = daos;
		this.inbox = inbox;
		this.transaction = transaction;
		this.mapping = mapping;
		this.postnatal = postnatal;
		this.routing = routing;
		this.clock = clock;
	}

	@Override
	public Outcome store(AdtMessage message) {
		return transaction.execute(status -> {
			if (!inbox.take(List.of(message.sendingFacility(), message.controlId()), List.of(message.event().name()))) {
				return Outcome.REPEATED;
			}
			Organization facility = facility(message.sendingFacility());
			Optional<Patient> known = findPatient(message.person().cpr());
			Patient person = mapping.person(message, known).map(this::save).orElseGet(known::orElseThrow);
			Optional<EpisodeOfCare> pregnancy = message.isNewborn()
					? findPatient(message.motherCpr()).flatMap(this::activePregnancy)
					: activePregnancy(person);
			Encounter visit = save(mapping.visit(message, findVisit(message), person, facility, pregnancy));
			switch (mapping.birth(message, visit)) {
				case BORN -> {
					Patient mother = mapping.mother(message, findPatient(message.motherCpr()));
					Encounter delivery = mapping.delivery(message, visit, currentStay(mother, facility));
					save(visit);
					save(delivery);
				}
				case CANCELLED -> {
					String deliveryId = AdtToFhir.deliveryStayId(visit);
					if (!mapping.anotherChildStands(visit, search(Encounter.class, SearchParameterMap.newSynchronous()
							.add(Encounter.SP_PART_OF, new ReferenceParam("Encounter/" + deliveryId))))) {
						mapping.deliveryTakenBack(daos.getResourceDao(Encounter.class)
								.read(new IdType("Encounter", deliveryId), new SystemRequestDetails())).ifPresent(this::save);
					}
				}
				case NONE -> { }
			}
			if (message.event() == AdtEvent.A03) {
				homeVisit(visit, person, facility, pregnancy);
			}
			return Outcome.STORED;
		});
	}

	/** A Task for the home visit the discharge owes, owned by whoever the agreement names; one per stay. */
	private void homeVisit(Encounter stay, Patient mother, Organization birthSite, Optional<EpisodeOfCare> pregnancy) {
		Optional<Instant> due = postnatal.homeVisitDue(stay, pregnancy);
		if (due.isEmpty() || !search(Task.class, SearchParameterMap.newSynchronous()
				.add(Task.SP_FOCUS, new ReferenceParam("Encounter/" + stay.getIdElement().getIdPart()))
				.add(Task.SP_CODE, new TokenParam(HubTaskCode.SYSTEM, HubTaskCode.POSTNATAL_HOME_VISIT))).isEmpty()) {
			return;
		}
		Organization owner = routing.postnatalVisitOwner(birthSite, mother).orElse(birthSite);
		daos.getResourceDao(Task.class).create(postnatal.homeVisit(stay, mother, birthSite, owner, due.get(),
				clock.instant()), new SystemRequestDetails());
	}

	private Organization facility(String sor) {
		return search(Organization.class, SearchParameterMap.newSynchronous()
				.add(Organization.SP_IDENTIFIER, new TokenParam(GodStartIg.SOR_SYSTEM, sor))).stream().findFirst()
				.orElseThrow(() -> new AdtRejection(AcknowledgmentCode.AE, ErrorCode.UNKNOWN_KEY_IDENTIFIER,
						"MSH-4: the sending facility " + sor + " is not an organisation known to the hub by SOR code"));
	}

	private Optional<Encounter> findVisit(AdtMessage message) {
		return search(Encounter.class, SearchParameterMap.newSynchronous().add(Encounter.SP_IDENTIFIER, new TokenParam(
				AdtToFhir.visitNumberSystem(message.sendingFacility()), message.visit().number()))).stream().findFirst();
	}

	/** The mother's in-progress stay at the facility: the one a birth there makes her delivery. */
	private Optional<Encounter> currentStay(Patient mother, Organization facility) {
		return search(Encounter.class, SearchParameterMap.newSynchronous()
				.add(Encounter.SP_SUBJECT, new ReferenceParam("Patient/" + mother.getIdElement().getIdPart()))
				.add(Encounter.SP_STATUS, new TokenParam("in-progress"))
				.add(Encounter.SP_SERVICE_PROVIDER, new ReferenceParam("Organization/" + facility.getIdElement().getIdPart())))
				.stream().findFirst();
	}

	private Optional<EpisodeOfCare> activePregnancy(Patient woman) {
		return AdtToFhir.pregnancy(search(EpisodeOfCare.class, SearchParameterMap.newSynchronous()
				.add(EpisodeOfCare.SP_PATIENT, new ReferenceParam("Patient/" + woman.getIdElement().getIdPart()))
				.add(EpisodeOfCare.SP_STATUS, new TokenParam("active"))));
	}

	private Optional<Patient> findPatient(String cpr) {
		return search(Patient.class, SearchParameterMap.newSynchronous()
				.add(Patient.SP_IDENTIFIER, new TokenParam(GodStartIg.CPR_SYSTEM, cpr))).stream().findFirst();
	}

	private Patient save(Patient patient) {
		IFhirResourceDao<Patient> dao = daos.getResourceDao(Patient.class);
		if (!patient.getIdElement().hasIdPart()) {
			return (Patient) dao.create(patient, new SystemRequestDetails()).getResource();
		}
		patient.setId(patient.getIdElement().toUnqualifiedVersionless());
		return (Patient) Objects.requireNonNullElse(dao.update(patient, new SystemRequestDetails()).getResource(), patient);
	}

	private Encounter save(Encounter visit) {
		IFhirResourceDao<Encounter> dao = daos.getResourceDao(Encounter.class);
		if (!visit.getIdElement().hasIdPart()) {
			return (Encounter) dao.create(visit, new SystemRequestDetails()).getResource();
		}
		visit.setId(visit.getIdElement().toUnqualifiedVersionless());
		var outcome = dao.update(visit, new SystemRequestDetails());
		return outcome.getResource() == null ? visit : (Encounter) outcome.getResource();
	}

	private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap search) {
		return daos.getResourceDao(type).searchForResources(search, new SystemRequestDetails());
	}
}
