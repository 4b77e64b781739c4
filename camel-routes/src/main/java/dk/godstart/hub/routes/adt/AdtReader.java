package dk.godstart.hub.routes.adt;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads an HL7 v2 ADT message into an {@link AdtMessage}. Every 2.x version is read into the v2.5 structures (HAPI's
 * canonical model), so a 2.3 or 2.4 feed works unchanged. What the hub needs and does not find is a rejection that
 * names the field.
 * <ul>
 * <li>Events ({@link AdtEvent}): A01 admit, A02 transfer, A03 discharge, A04 register, A08 update, A11 cancel admit,
 * A13 cancel discharge, A21 leave of absence begins, A22 she returns from it.</li>
 * <li>PID-3: the repetition whose assigning authority (CX-4) is {@code CPR} or the CPR OID 1.2.208.176.1.2.</li>
 * <li>PID-5 name, PID-7 birth (date or date and time), PID-8 sex, PID-11 county/parish code (XAD-9) as the
 * municipality code, PID-21 the mother's identifier (a newborn).</li>
 * <li>PV1-2 class, PV1-3 location, PV1-19 visit number, PV1-36 discharge disposition (20: died), PV1-44/45
 * admission and discharge time; PID-30 death indicator.</li>
 * <li>MSH-4 sending facility: its SOR code (the hub finds the organisation by it).</li>
 * </ul>
 * Times without an offset are Danish local time.
 */
public class AdtReader {

	static final Set<String> CPR_AUTHORITIES = Set.of("CPR", "1.2.208.176.1.2", "urn:oid:1.2.208.176.1.2");
	private static final ZoneId DANISH_TIME = ZoneId.of("Europe/Copenhagen");

	private final HapiContext context;
	private final PipeParser parser;

	public AdtReader() {
		context = new DefaultHapiContext();
		context.setModelClassFactory(new CanonicalModelClassFactory("2.5"));
		context.setValidationContext(ValidationContextFactory.noValidation());
		parser = context.getPipeParser();
	}

	public Message parse(String text) {
		try {
			return parser.parse(text);
		} catch (HL7Exception e) {
			throw new AdtRejection(AcknowledgmentCode.AR, ErrorCode.SEGMENT_SEQUENCE_ERROR,
					"The message cannot be read as HL7 v2: " + e.getMessage());
		}
	}

	public AdtMessage read(Message message) {
		try {
			Terser terser = new Terser(message);
			String type = terser.get("/MSH-9-1");
			String code = terser.get("/MSH-9-2");
			if (!"ADT".equals(type)) {
				throw new AdtRejection(AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
						"The hub takes ADT messages, not " + type);
			}
			AdtEvent event = AdtEvent.fromCode(code).orElseThrow(() -> new AdtRejection(AcknowledgmentCode.AR,
					ErrorCode.UNSUPPORTED_EVENT_CODE, "The hub takes ADT events "
							+ String.join(", ", Arrays.stream(AdtEvent.values()).map(AdtEvent::name).toList()) + ", not " + code));
			String controlId = required(terser, "/MSH-10", "MSH-10 (message control id)");
			String facility = required(terser, "/MSH-4-1", "MSH-4 (sending facility, its SOR code)");
			AdtMessage.Person person = person(terser);
			boolean died = "20".equals(blankToNull(terser.get("/.PV1-36"))) || "Y".equals(blankToNull(terser.get("/.PID-30")));
			AdtMessage.Visit visit = new AdtMessage.Visit(
					required(terser, "/.PV1-19-1", "PV1-19 (visit number)"),
					terser.get("/.PV1-2"),
					location(terser),
					time(terser.get("/.PV1-44-1"), "PV1-44"),
					time(terser.get("/.PV1-45-1"), "PV1-45"),
					died);
			String mother = blankToNull(terser.get("/.PID-21-1"));
			return new AdtMessage(event, controlId, facility, terser.get("/MSH-12-1"), person, visit, mother);
		} catch (HL7Exception e) {
			throw new AdtRejection(AcknowledgmentCode.AR, ErrorCode.DATA_TYPE_ERROR, "The message cannot be read: " + e.getMessage());
		}
	}

	private AdtMessage.Person person(Terser terser) throws HL7Exception {
		String cpr = null;
		for (int i = 0; i < 10; i++) {
			String value = terser.get("/.PID-3(" + i + ")-1");
			if (value == null) {
				break;
			}
			String authority = firstNonBlank(terser.get("/.PID-3(" + i + ")-4-1"), terser.get("/.PID-3(" + i + ")-4-2"));
			if (authority != null && CPR_AUTHORITIES.contains(authority.trim())) {
				cpr = value.replace("-", "").trim();
				break;
			}
		}
		if (cpr == null) {
			throw AdtRejection.missing("PID-3 holds no CPR number (an identifier whose assigning authority, PID-3.4, is "
					+ "CPR or 1.2.208.176.1.2)");
		}
		if (!cpr.matches("[0-9]{10}")) {
			throw new AdtRejection(AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR,
					"PID-3: a CPR number is ten digits, not '" + cpr + "'");
		}
		String family = required(terser, "/.PID-5-1-1", "PID-5 (family name)");
		List<String> given = new ArrayList<>();
		String first = blankToNull(terser.get("/.PID-5-2"));
		if (first != null) {
			given.add(first);
		}
		String middle = blankToNull(terser.get("/.PID-5-3"));
		if (middle != null) {
			given.add(middle);
		}
		String birth = blankToNull(terser.get("/.PID-7-1"));
		LocalDate birthDate = null;
		Instant birthTime = null;
		if (birth != null) {
			if (birth.length() >= 12) {
				birthTime = time(birth, "PID-7");
				birthDate = LocalDate.ofInstant(birthTime, DANISH_TIME);
			} else {
				birthDate = date(birth, "PID-7");
			}
		}
		String sex = terser.get("/.PID-8");
		String gender = sex == null ? null : switch (sex) {
			case "F" -> "female";
			case "M" -> "male";
			case "O", "A" -> "other";
			default -> "unknown";
		};
		String county = blankToNull(terser.get("/.PID-11-9"));
		String municipality = county != null && county.matches("[0-9]{4}") ? county : null;
		return new AdtMessage.Person(cpr, family, given, gender, birthDate, birthTime, municipality);
	}

	private static String location(Terser terser) throws HL7Exception {
		List<String> parts = new ArrayList<>();
		for (String path : List.of("/.PV1-3-4", "/.PV1-3-1", "/.PV1-3-2", "/.PV1-3-3")) {
			String part = blankToNull(terser.get(path));
			if (part != null) {
				parts.add(part);
			}
		}
		return parts.isEmpty() ? null : String.join(" / ", parts);
	}

	private static String required(Terser terser, String path, String what) throws HL7Exception {
		String value = blankToNull(terser.get(path));
		if (value == null) {
			throw AdtRejection.missing(what + " is missing");
		}
		return value;
	}

	/** An HL7 DTM (YYYYMMDDHHMM[SS[.S...]][+/-ZZZZ]) as an instant; Danish local time when it has no offset. */
	static Instant time(String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		String offset = null;
		int sign = Math.max(text.indexOf('+'), text.indexOf('-'));
		if (sign > 0) {
			offset = text.substring(sign);
			text = text.substring(0, sign);
		}
		int dot = text.indexOf('.');
		if (dot > 0) {
			text = text.substring(0, dot);
		}
		try {
			LocalDateTime local = switch (text.length()) {
				case 8 -> LocalDate.parse(text, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay();
				case 12 -> LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyyMMddHHmm"));
				case 14 -> LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
				default -> throw new IllegalArgumentException("length " + text.length());
			};
			if (offset != null) {
				return local.atOffset(java.time.ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3))).toInstant();
			}
			return local.atZone(DANISH_TIME).toInstant();
		} catch (RuntimeException e) {
			throw new AdtRejection(AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR,
					field + " is not an HL7 date/time (YYYYMMDDHHMM[SS]): '" + value + "'");
		}
	}

	static LocalDate date(String value, String field) {
		try {
			return LocalDate.parse(value.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
		} catch (RuntimeException e) {
			throw new AdtRejection(AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR,
					field + " is not an HL7 date (YYYYMMDD): '" + value + "'");
		}
	}

	private static String firstNonBlank(String a, String b) {
		return blankToNull(a) != null ? a : blankToNull(b);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.trim();
	}
}
