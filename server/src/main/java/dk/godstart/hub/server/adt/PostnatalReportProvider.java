package dk.godstart.hub.server.adt;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubOperationProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code GET /fhir/MeasureReport/$postnatal-report?period=2025[&site=<SOR code>]}: the regions' yearly follow-up of
 * the birth package's initiative 4, one {@code MeasureReport} per birth site (measure
 * {@code postnatal-follow-up}): first-time mothers who gave birth there in the period, how many stayed at least two
 * days, how many went home within 24 hours, how many of those got a home-visit Task, and how many of those visits were
 * completed. Counted from the delivery stays the ADT feed made (type {@code delivery}, {@code delivery-time}), their
 * pregnancies' first-time-mother flag and the hub's home-visit Tasks. Counts only: no woman is named.
 */
public class PostnatalReportProvider implements HubOperationProvider {

	public static final String MEASURE = GodStartIg.Measures.POSTNATAL_FOLLOW_UP;
	public static final String POPULATION_SYSTEM = GodStartIg.CodeSystems.POSTNATAL_POPULATION;
	private static final ZoneId DANISH_TIME = ZoneId.of("Europe/Copenhagen");

	private final DaoRegistry daos;
	private final Clock clock;

	public PostnatalReportProvider(DaoRegistry daos, Clock clock) {
		this.daos = daos;
		this.clock = clock;
	}

	@Operation(name = "$postnatal-report", type = MeasureReport.class, idempotent = true)
	public Bundle report(@OperationParam(name = "period", min = 1) StringType period,
			@OperationParam(name = "site") StringType site) {
		Instant[] range = range(period == null ? null : period.getValue());
		SearchParameterMap deliveries = SearchParameterMap.newSynchronous()
				.add(Encounter.SP_TYPE, new TokenParam(GodStartIg.Codes.EncounterType.SYSTEM, GodStartIg.Codes.EncounterType.DELIVERY));
		Optional<Organization> onlySite = Optional.empty();
		if (site != null && site.hasValue()) {
			onlySite = Optional.of(siteBySor(site.getValue()));
			deliveries.add(Encounter.SP_SERVICE_PROVIDER, new ReferenceParam("Organization/" + onlySite.get().getIdElement().getIdPart()));
		}
		Map<String, Counts> bySite = new LinkedHashMap<>();
		onlySite.ifPresent(found -> bySite.put("Organization/" + found.getIdElement().getIdPart(), new Counts()));
		for (IBaseResource found : search(Encounter.class, deliveries)) {
			Encounter stay = (Encounter) found;
			Extension born = stay.getExtensionByUrl(GodStartIg.Extensions.DELIVERY_TIME);
			if (born == null || !firstTimeMother(stay)) {
				continue;
			}
			Instant birth = ((DateTimeType) born.getValue()).getValue().toInstant();
			if (birth.isBefore(range[0]) || !birth.isBefore(range[1])) {
				continue;
			}
			Counts counts = bySite.computeIfAbsent(stay.getServiceProvider().getReference(), key -> new Counts());
			counts.firstTimeMothers++;
			if (!stay.getPeriod().hasEnd()) {
				continue;
			}
			Duration stayed = Duration.between(birth, stay.getPeriod().getEnd().toInstant());
			if (stayed.compareTo(Duration.ofHours(48)) >= 0) {
				counts.stayedTwoDays++;
			}
			if (stayed.compareTo(Duration.ofHours(24)) < 0) {
				counts.homeWithin24Hours++;
				List<Task> visits = search(Task.class, SearchParameterMap.newSynchronous()
						.add(Task.SP_FOCUS, new ReferenceParam("Encounter/" + stay.getIdElement().getIdPart()))
						.add(Task.SP_CODE, new TokenParam(GodStartIg.Codes.HubTaskCode.SYSTEM, GodStartIg.Codes.HubTaskCode.POSTNATAL_HOME_VISIT)));
				if (!visits.isEmpty()) {
					counts.homeVisitTasks++;
					if (visits.stream().anyMatch(visit -> visit.getStatus() == Task.TaskStatus.COMPLETED)) {
						counts.homeVisitsCompleted++;
					}
				}
			}
		}
		Bundle reports = new Bundle().setType(Bundle.BundleType.COLLECTION);
		reports.setTimestamp(Date.from(clock.instant()));
		bySite.forEach((reporter, counts) -> reports.addEntry().setResource(measureReport(reporter, range, counts)));
		return reports;
	}

	private MeasureReport measureReport(String reporter, Instant[] range, Counts counts) {
		MeasureReport report = new MeasureReport();
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(MeasureReport.MeasureReportType.SUMMARY);
		report.setMeasure(MEASURE);
		report.setDate(Date.from(clock.instant()));
		report.setReporter(new Reference(reporter));
		report.getPeriod().setStart(Date.from(range[0])).setEnd(Date.from(range[1].minusMillis(1)));
		MeasureReport.MeasureReportGroupComponent group = report.addGroup();
		population(group, "first-time-mothers", "First-time mothers who gave birth", counts.firstTimeMothers);
		population(group, "stayed-two-days", "Stayed at least two days after the birth", counts.stayedTwoDays);
		population(group, "home-within-24h", "Went home within 24 hours of the birth", counts.homeWithin24Hours);
		population(group, "home-visit-task", "Of those, a home visit was arranged (task)", counts.homeVisitTasks);
		population(group, "home-visit-completed", "Of those, the home visit was made", counts.homeVisitsCompleted);
		return report;
	}

	private static void population(MeasureReport.MeasureReportGroupComponent group, String code, String display, int count) {
		group.addPopulation().setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, code, display))).setCount(count);
	}

	private boolean firstTimeMother(Encounter stay) {
		for (Reference episode : stay.getEpisodeOfCare()) {
			try {
				EpisodeOfCare pregnancy = daos.getResourceDao(EpisodeOfCare.class)
						.read(episode.getReferenceElement(), new SystemRequestDetails());
				Extension flag = pregnancy.getExtensionByUrl(GodStartIg.Extensions.FIRST_TIME_MOTHER);
				if (flag != null && flag.getValue() instanceof BooleanType first && first.booleanValue()) {
					return true;
				}
			} catch (RuntimeException gone) {
				// a pregnancy removed since: not counted
			}
		}
		return false;
	}

	private Organization siteBySor(String sor) {
		String value = sor.contains("|") ? sor.substring(sor.indexOf('|') + 1) : sor;
		List<Organization> found = search(Organization.class, SearchParameterMap.newSynchronous()
				.add(Organization.SP_IDENTIFIER, new TokenParam(GodStartIg.SOR_SYSTEM, value)));
		if (found.isEmpty()) {
			throw new InvalidRequestException("site: no birth site with SOR code " + value + " is known to the hub");
		}
		return found.get(0);
	}

	/** {@code 2025} (a year) or {@code 2025-01-01/2025-06-30} (dates, both included), in Danish time. */
	static Instant[] range(String period) {
		try {
			if (period != null && period.matches("[0-9]{4}")) {
				int year = Integer.parseInt(period);
				return new Instant[] {LocalDate.of(year, 1, 1).atStartOfDay(DANISH_TIME).toInstant(),
						LocalDate.of(year + 1, 1, 1).atStartOfDay(DANISH_TIME).toInstant()};
			}
			if (period != null && period.contains("/")) {
				String[] ends = period.split("/", 2);
				return new Instant[] {LocalDate.parse(ends[0]).atStartOfDay(DANISH_TIME).toInstant(),
						LocalDate.parse(ends[1]).plusDays(1).atStartOfDay(DANISH_TIME).toInstant()};
			}
		} catch (RuntimeException e) {
			// answered below
		}
		throw new InvalidRequestException("period must be a year (2025) or two dates (2025-01-01/2025-06-30), not "
				+ period);
	}

	@SuppressWarnings("unchecked")
	private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap map) {
		return new ArrayList<>((List<T>) daos.getResourceDao(type).searchForResources(map, new SystemRequestDetails()));
	}

	private static final class Counts {
		int firstTimeMothers;
		int stayedTwoDays;
		int homeWithin24Hours;
		int homeVisitTasks;
		int homeVisitsCompleted;
	}
}
