package dk.godstart.hub.server.adt;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** HL7 v2.5 ADT messages as a Danish hospital's patient administration system sends them, built field by field. */
final class Adt {

	final String event;
	String controlId = UUID.randomUUID().toString().substring(0, 18);
	String facility;
	String version = "2.5";
	String cpr;
	String cprAuthority = "CPR";
	String family = "Jensen";
	String given = "Ditte";
	String birth = "19960314";
	String sex = "F";
	String municipality = "0851";
	String visit = "V" + UUID.randomUUID().toString().substring(0, 8);
	String patientClass = "I";
	String admitted = "202511240830";
	String discharged;
	String motherCpr;
	String dischargeDisposition;

	Adt(String event, String facility, String cpr) {
		this.event = event;
		this.facility = facility;
		this.cpr = cpr;
	}

	Adt copy(String otherEvent) {
		Adt copy = new Adt(otherEvent, facility, cpr);
		copy.family = family;
		copy.given = given;
		copy.birth = birth;
		copy.visit = visit;
		copy.patientClass = patientClass;
		copy.admitted = admitted;
		copy.motherCpr = motherCpr;
		return copy;
	}

	String text() {
		String structure = switch (event) {
			case "A03" -> "ADT_A03";
			case "A02" -> "ADT_A02";
			case "A11" -> "ADT_A09";
			case "A21", "A22" -> "ADT_A21";
			default -> "ADT_A01";
		};
		return String.join("\r",
				"MSH|^~\\&|OPUS-ADT|" + facility + "|GODSTART|HUB|20251124083000||ADT^" + event + "^" + structure + "|"
						+ controlId + "|P|" + version,
				"EVN|" + event + "|20251124083000",
				segment("PID", Map.of(1, "1", 3, cpr + "^^^" + cprAuthority, 5, family + "^" + given, 7, birth, 8, sex,
						11, "Boulevarden 1^^Aalborg^^9000^DK^H^^" + municipality,
						21, motherCpr == null ? "" : motherCpr + "^^^CPR")),
				segment("PV1", fields(fields(Map.of(1, "1", 2, patientClass, 3, "FOED^101^1^" + facility, 19, visit,
						44, admitted), 45, discharged), 36, dischargeDisposition)));
	}

	private static Map<Integer, String> fields(Map<Integer, String> base, int extraIndex, String extra) {
		Map<Integer, String> all = new TreeMap<>(base);
		if (extra != null) {
			all.put(extraIndex, extra);
		}
		return all;
	}

	private static String segment(String name, Map<Integer, String> fields) {
		int last = new TreeMap<>(fields).lastKey();
		StringBuilder line = new StringBuilder(name);
		for (int i = 1; i <= last; i++) {
			line.append('|').append(fields.getOrDefault(i, ""));
		}
		return line.toString();
	}
}
