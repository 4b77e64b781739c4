package dk.godstart.hub.routes;

import dk.godstart.hub.routes.adt.AdtMessage;
import dk.godstart.hub.routes.adt.AdtReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HL7 v2.5 ADT message from Aalborg's maternity ward, built field by field as its patient administration system
 * sends it, and read by the hub's {@link AdtReader}: the mapping's tests start from message text, as the feed does.
 */
final class Hl7Adt {

	static final String WARD = "524611000016009";
	private static final AdtReader READER = new AdtReader();
	private static int controlIds;

	private final Map<Integer, String> pid = new TreeMap<>();
	private final Map<Integer, String> pv1 = new TreeMap<>();
	private String event;

	private Hl7Adt(String event, String cpr, String visit) {
		this.event = event;
		pid.put(1, "1");
		pid.put(3, cpr + "^^^CPR");
		pid.put(5, "Jensen^Ditte");
		pid.put(7, "19960314");
		pid.put(8, "F");
		pid.put(11, "Boulevarden 1^^Aalborg^^9000^DK^H^^0851");
		pv1.put(1, "1");
		pv1.put(2, "I");
		pv1.put(3, "FOED^101^1");
		pv1.put(19, visit);
		pv1.put(44, "202511240800");
	}

	/** {@code event} (A01, A03, ...) about the person with this CPR number, for her visit {@code visit}. */
	static Hl7Adt of(String event, String cpr, String visit) {
		return new Hl7Adt(event, cpr, visit);
	}

	/** A newborn's message: PID-7 the birth (date and time), PID-21 the mother's CPR number. */
	static Hl7Adt newborn(String event, String cpr, String visit, String born, String motherCpr) {
		Hl7Adt child = new Hl7Adt(event, cpr, visit);
		child.pid.put(5, "Jensen^Pige");
		child.pid.put(7, born);
		child.pid.put(21, motherCpr + "^^^CPR");
		child.pv1.put(44, born);
		return child;
	}

	/** The same person and visit, another event. */
	Hl7Adt then(String nextEvent) {
		Hl7Adt next = new Hl7Adt(nextEvent, "", "");
		next.pid.putAll(pid);
		next.pv1.putAll(pv1);
		return next;
	}

	Hl7Adt name(String family, String given) {
		pid.put(5, family + "^" + given);
		return this;
	}

	Hl7Adt discharged(String time) {
		pv1.put(45, time);
		return this;
	}

	Hl7Adt died() {
		pv1.put(36, "20");
		return this;
	}

	Hl7Adt patientClass(String code) {
		pv1.put(2, code);
		return this;
	}

	String text() {
		String control = "CTRL-" + (++controlIds);
		return String.join("\r",
				"MSH|^~\\&|PAS|" + WARD + "|GODSTART|HUB|20251124083000||ADT^" + event + "|" + control + "|P|2.5",
				"EVN|" + event + "|20251124083000",
				segment("PID", pid),
				segment("PV1", pv1));
	}

	/** The message as the hub reads it off the wire. */
	AdtMessage read() {
		return READER.read(READER.parse(text()));
	}

	private static String segment(String name, Map<Integer, String> fields) {
		List<String> text = new ArrayList<>(List.of(name));
		int last = fields.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
		for (int i = 1; i <= last; i++) {
			text.add(fields.getOrDefault(i, ""));
		}
		return String.join("|", text);
	}
}
