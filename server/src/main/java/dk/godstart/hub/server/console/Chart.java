package dk.godstart.hub.server.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart of one figure per hour, laid out for an inline SVG (no script, nothing fetched): the bars' positions
 * and heights in the chart's own units, and each hour's value as text for the chart's table and tooltips.
 */
public record Chart(String title, String unit, List<Bar> bars, double max, int width, int height) {

	static final int HEIGHT = 120;
	static final int BAR = 14;
	static final int GAP = 4;
	private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("dd MMM HH:00").withZone(ZoneId.of("Europe/Copenhagen"));

	/** One hour: where its bar stands and what it says. */
	public record Bar(int x, int y, int height, String hour, String value) {}

	/** A chart of {@code values} (null: no value that hour) over {@code hours}, oldest first. */
	static Chart of(String title, String unit, List<Instant> hours, List<Double> values) {
		double max = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
		List<Bar> bars = new ArrayList<>();
		for (int i = 0; i < hours.size(); i++) {
			Double value = values.get(i);
			int height = value == null || max == 0 ? 0 : (int) Math.max(value > 0 ? 1 : 0, Math.round(value / max * HEIGHT));
			bars.add(new Bar(i * (BAR + GAP), HEIGHT - height, height, HOUR.format(hours.get(i)),
					value == null ? "–" : value == Math.rint(value) ? Long.toString(value.longValue()) : String.format("%.1f", value)));
		}
		return new Chart(title, unit, bars, max, Math.max(1, hours.size()) * (BAR + GAP), HEIGHT);
	}

	public String maxText() {
		return max == Math.rint(max) ? Long.toString((long) max) : String.format("%.1f", max);
	}

	public int barWidth() {
		return BAR;
	}
}
