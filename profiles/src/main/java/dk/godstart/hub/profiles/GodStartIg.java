package dk.godstart.hub.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Names of the GodStart implementation guide ({@code godstart.fhir.dk}) and where its package lives on the classpath.
 * The package itself is built from {@code ig/fsh-generated} by {@link dk.godstart.hub.profiles.build.IgPackageBuilder}.
 */
public final class GodStartIg {

	public static final String PACKAGE_ID = "godstart.fhir.dk";
	public static final String CANONICAL = "http://godstart.dk/fhir";

	/** Classpath folder holding the package and its {@code package.properties}. */
	public static final String CLASSPATH_FOLDER = "godstart-ig";

	public static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";
	public static final String SOR_SYSTEM = "urn:oid:1.2.208.176.1.1";
	/** GS1's Global Location Number (the EAN location number) in the system MedCom's messaging identifies it by. */
	public static final String GLN_SYSTEM = "urn:oid:1.3.88";
	public static final String MUNICIPALITY_CODE_SYSTEM = "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes";
	public static final String MUNICIPALITY_CODE_EXTENSION = "http://hl7.dk/fhir/core/StructureDefinition/dk-core-municipalityCodes";
	public static final String REGION_SYSTEM = "urn:iso:std:iso:3166:-2";
	/**
	 * HL7 v3 RoleCode, whose MTH, FTH, PRN and SIGOTHR a related person's relationship uses. Not one of the guide's
	 * code systems, so not in {@link CodeSystems} (whose every constant must be in the package).
	 */
	public static final String V3_ROLE_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";

	/** The guide's profiles, by id. */
	public static final class Profiles {
		public static final String PATIENT = profile("dk-maternity-patient");
		public static final String ORGANIZATION = profile("dk-maternity-organization");
		public static final String ENDPOINT = profile("hub-endpoint");
		public static final String PREGNANCY_EPISODE = profile("pregnancy-episode");
		public static final String PREGNANCY_CARE_LEVEL = profile("pregnancy-care-level");
		public static final String FAMILY_AMBULATORY_REFERRAL = profile("family-ambulatory-referral");
		public static final String REFERRAL_TASK = profile("referral-task");
		public static final String CROSS_SECTOR_AGREEMENT = profile("cross-sector-agreement");
		public static final String RESIDENTIAL_TREATMENT_EPISODE = profile("residential-treatment-episode");
		public static final String RESIDENTIAL_TREATMENT_PLACE = profile("residential-treatment-place");
		public static final String HUB_NOTIFICATION = profile("hub-notification");
		public static final String HUB_MESSAGE = profile("hub-message");
		public static final String HUB_MESSAGE_HEADER = profile("hub-message-header");
		public static final String HUB_PROVENANCE = profile("hub-provenance");
		public static final String HUB_ACKNOWLEDGEMENT = profile("hub-acknowledgement");
		public static final String HUB_ACKNOWLEDGEMENT_HEADER = profile("hub-acknowledgement-header");
		public static final String CONSENT = profile("dk-maternity-consent");
		public static final String CONCERN_NOTIFICATION = profile("concern-notification");
		public static final String CONCERN_ANSWER_TASK = profile("concern-answer-task");
		public static final String POSTNATAL_HOME_VISIT_TASK = profile("postnatal-home-visit-task");
		public static final String NETWORK_CARE_TEAM = profile("network-care-team");
		public static final String NETWORK_CARE_PLAN = profile("network-care-plan");
		public static final String NETWORK_TASK = profile("network-task");
		public static final String NETWORK_MEETING = profile("network-meeting");
		public static final String NETWORK_MEETING_MINUTES = profile("network-meeting-minutes");
		public static final String RELATED_PERSON = profile("dk-maternity-related-person");

		private Profiles() {}
	}

	/**
	 * The guide's code systems the Java reads or writes, by id. Each is checked against the shipped package
	 * ({@code GodStartIgTest}), so a renamed code system fails the build rather than a search in production.
	 */
	public static final class CodeSystems {
		public static final String ACKNOWLEDGEMENT_MODE = codeSystem("acknowledgement-mode");
		public static final String AGREEMENT_TERM_ROLE = codeSystem("agreement-term-role");
		public static final String DESTINATION_USE = codeSystem("destination-use");
		public static final String ENCOUNTER_TYPE = codeSystem("encounter-type");
		public static final String EPISODE_TYPE = codeSystem("episode-type");
		public static final String HUB_SERVICE_TYPE = codeSystem("hub-service-type");
		public static final String HUB_TASK_CODE = codeSystem("hub-task-code");
		public static final String LEGAL_BASIS = codeSystem("legal-basis");
		public static final String MESSAGE_EVENT = codeSystem("message-event");
		public static final String NETWORK_ACTIVITY = codeSystem("network-activity");
		public static final String NETWORK_ROLE = codeSystem("network-role");
		public static final String ORGANIZATION_TYPE = codeSystem("organization-type");
		public static final String PARK_REASON = codeSystem("park-reason");
		public static final String POSTNATAL_POPULATION = codeSystem("postnatal-population");
		public static final String PREGNANCY_CARE_LEVEL = codeSystem("pregnancy-care-level");
		public static final String PREGNANCY_OBSERVATION_CODE = codeSystem("pregnancy-observation-code");
		public static final String PROVENANCE_ACTIVITY = codeSystem("provenance-activity");
		public static final String RELATED_PERSON_ROLE = codeSystem("related-person-role");

		private CodeSystems() {}
	}

	/** The guide's extensions the Java reads or writes, by id (checked against the package like the profiles). */
	public static final class Extensions {
		public static final String AGREEMENT_PARTY = profile("agreement-party");
		public static final String CONSENT_RECIPIENT_TYPE = profile("consent-recipient-type");
		public static final String DATA_MINIMISATION = profile("data-minimisation");
		public static final String DELIVERY_TIME = profile("delivery-time");
		public static final String DESTINATION_USE = profile("destination-use");
		public static final String ENDPOINT_ACKNOWLEDGEMENT = profile("endpoint-acknowledgement");
		public static final String FIRST_TIME_MOTHER = profile("first-time-mother");
		public static final String LEGAL_BASIS = profile("legal-basis");
		public static final String LEGAL_BASIS_EVIDENCE = profile("legal-basis-evidence");
		public static final String MEETING_ORGANISER = profile("meeting-organiser");
		public static final String NEXT_REVIEW_DATE = profile("next-review-date");
		public static final String NOTIFICATION_DEADLINE = profile("notification-deadline");
		public static final String REGISTRY_FETCHED_AT = profile("registry-fetched-at");
		public static final String RESIDENTIAL_REFERRER = profile("residential-referrer");
		public static final String REVIEW_INTERVAL = profile("review-interval");

		private Extensions() {}
	}

	/** The guide's measures, by id. */
	public static final class Measures {
		public static final String POSTNATAL_FOLLOW_UP = CANONICAL + "/Measure/postnatal-follow-up";

		private Measures() {}
	}

	/**
	 * Codes of the guide's code systems that more than one place in the Java writes or matches, one class per code
	 * system with its {@code SYSTEM}. A code system the Java mirrors whole is an enum instead ({@code MessageEvent},
	 * {@code ParkReason}, {@code DestinationUse}, {@code LegalBasis} in camel-routes). {@code GodStartIgTest} checks
	 * every constant here is a code of its {@code SYSTEM} in the package.
	 */
	public static final class Codes {

		/** {@code organization-type}: what kind of party an Organization is, which routing and the legal bases read. */
		public static final class OrganizationType {
			public static final String SYSTEM = CodeSystems.ORGANIZATION_TYPE;
			public static final String HOSPITAL = "hospital";
			public static final String HOSPITAL_DEPARTMENT = "hospital-department";
			public static final String FAMILY_AMBULATORY = "family-ambulatory";
			public static final String GENERAL_PRACTICE = "general-practice";
			public static final String MUNICIPAL_FAMILY_DEPARTMENT = "municipal-family-department";
			public static final String HEALTH_VISITORS = "health-visitors";
			public static final String RESIDENTIAL_TREATMENT_UNIT = "residential-treatment-unit";
			public static final String REGISTRY = "registry";
			public static final String SUBSTANCE_TREATMENT = "substance-treatment";
			public static final String SHELTER = "shelter";
			public static final String CRISIS_CENTRE = "crisis-centre";
			public static final String PSYCHIATRY = "psychiatry";
			public static final String CIVIL_SOCIETY_PARTNER = "civil-society-partner";

			private OrganizationType() {}
		}

		/** {@code hub-service-type}: which hub service a ServiceRequest asks for. */
		public static final class HubServiceType {
			public static final String SYSTEM = CodeSystems.HUB_SERVICE_TYPE;
			public static final String FAMILY_AMBULATORY = "family-ambulatory";
			public static final String CONCERN_NOTIFICATION = "concern-notification";

			private HubServiceType() {}
		}

		/** {@code hub-task-code}: the Tasks the hub creates or classifies by code. */
		public static final class HubTaskCode {
			public static final String SYSTEM = CodeSystems.HUB_TASK_CODE;
			public static final String POSTNATAL_HOME_VISIT = "postnatal-home-visit";
			public static final String CONCERN_ANSWER = "concern-answer";

			private HubTaskCode() {}
		}

		/** {@code network-role}: a member's role in the woman's network; the coordinator keeps the team. */
		public static final class NetworkRole {
			public static final String SYSTEM = CodeSystems.NETWORK_ROLE;
			public static final String COORDINATOR = "coordinator";

			private NetworkRole() {}
		}

		/**
		 * {@code related-person-role}: what a related person is to the woman or her child; the holder of custody
		 * consents for a child under 15.
		 */
		public static final class RelatedPersonRole {
			public static final String SYSTEM = CodeSystems.RELATED_PERSON_ROLE;
			public static final String CUSTODY_HOLDER = "custody-holder";
			public static final String PARTNER = "partner";

			private RelatedPersonRole() {}
		}

		/** {@code episode-type}: which kind of EpisodeOfCare, pregnancy or residential treatment. */
		public static final class EpisodeType {
			public static final String SYSTEM = CodeSystems.EPISODE_TYPE;
			public static final String PREGNANCY = "pregnancy";
			public static final String RESIDENTIAL_TREATMENT = "residential-treatment";

			private EpisodeType() {}
		}

		/** {@code encounter-type}: the mother's stay in which she gave birth. */
		public static final class EncounterType {
			public static final String SYSTEM = CodeSystems.ENCOUNTER_TYPE;
			public static final String DELIVERY = "delivery";

			private EncounterType() {}
		}

		/** {@code pregnancy-observation-code}: the Observation that carries the care level. */
		public static final class PregnancyObservationCode {
			public static final String SYSTEM = CodeSystems.PREGNANCY_OBSERVATION_CODE;
			public static final String CARE_LEVEL = "care-level";

			private PregnancyObservationCode() {}
		}

		private Codes() {}
	}

	/**
	 * MedCom's FHIR messaging names the hub's messages and acknowledgements carry beside its own, so that a MedCom
	 * receiver recognises them. The guide re-declares the parts it uses (MedCom's packages cannot be loaded offline).
	 */
	public static final class MedCom {
		public static final String EVENT_CODES = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes";
		public static final String ACKNOWLEDGEMENT_MESSAGE = "acknowledgement-message";
		public static final String ACTIVITY_CODES = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes";
		public static final String DESTINATION_USE_CODES = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse";
		public static final String DESTINATION_USE_EXTENSION =
				"http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension";
		/** FHIR R4's own {@code response-code} (ok, transient-error, fatal-error), which MedCom's acknowledgement uses. */
		public static final String RESPONSE_CODES = "http://hl7.org/fhir/response-code";

		private MedCom() {}
	}

	private static volatile Properties packageProperties;

	private GodStartIg() {}

	/** A StructureDefinition of the guide: a profile or an extension. */
	public static String profile(String id) {
		return CANONICAL + "/StructureDefinition/" + id;
	}

	public static String codeSystem(String id) {
		return CANONICAL + "/CodeSystem/" + id;
	}

	/** The guide's version, as SUSHI wrote it into the ImplementationGuide resource. */
	public static String version() {
		return packageProperties().getProperty("version");
	}

	/** Classpath location of the npm package, e.g. {@code godstart-ig/godstart.fhir.dk-0.1.0.tgz}. */
	public static String packageResource() {
		return CLASSPATH_FOLDER + "/" + packageProperties().getProperty("file");
	}

	public static byte[] packageBytes() {
		try (InputStream in = open(packageResource())) {
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static IgPackage loadPackage() {
		return IgPackage.read(packageBytes());
	}

	private static Properties packageProperties() {
		Properties properties = packageProperties;
		if (properties == null) {
			properties = new Properties();
			try (InputStream in = open(CLASSPATH_FOLDER + "/package.properties")) {
				properties.load(in);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			packageProperties = properties;
		}
		return properties;
	}

	private static InputStream open(String resource) throws IOException {
		InputStream in = GodStartIg.class.getClassLoader().getResourceAsStream(resource);
		if (in == null) {
			throw new IOException("The implementation guide package is missing from the classpath: " + resource
					+ " (it is built by the profiles module from ig/fsh-generated)");
		}
		return in;
	}
}
