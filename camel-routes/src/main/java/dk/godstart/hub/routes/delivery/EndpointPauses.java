package dk.godstart.hub.routes.delivery;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The receivers' endpoints an operator paused ({@code hub_endpoint_pause}), kept in step with the Endpoint resources
 * in the transaction that writes them: an Endpoint stored {@code suspended} is paused, any other status is not. A
 * paused endpoint's deliveries stay queued in their order and are not tried ({@link DeliveryRepository}'s claim skips
 * them) until the Endpoint is active again. When an Endpoint's address is corrected, the deliveries still queued for
 * the old address follow it, in the same order.
 */
public class EndpointPauses {

	/** The claim's condition on a delivery row {@code e}: its endpoint is not paused. */
	static final String NOT_PAUSED = "NOT EXISTS (SELECT 1 FROM hub_endpoint_pause p WHERE p.endpoint_address = e.endpoint_address)";

	private final JdbcTemplate jdbc;

	public EndpointPauses(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The Endpoint {@code endpointId} at {@code address} is paused, or (not {@code paused}) not. */
	public void set(String endpointId, String address, boolean paused) {
		if (paused && address != null) {
			jdbc.update("INSERT INTO hub_endpoint_pause (endpoint_id, endpoint_address) VALUES (?, ?)"
					+ " ON CONFLICT (endpoint_id) DO UPDATE SET endpoint_address = excluded.endpoint_address", endpointId, address);
		} else {
			jdbc.update("DELETE FROM hub_endpoint_pause WHERE endpoint_id = ?", endpointId);
		}
	}

	/** Deliveries queued (not yet delivered or parked) for {@code from} go to {@code to}; returns how many. */
	public int moveQueued(String from, String to) {
		return jdbc.update("UPDATE hub_delivery SET endpoint_address = ? WHERE state = 'pending' AND endpoint_address = ?",
				to, from);
	}

	public boolean isPaused(String address) {
		return Boolean.TRUE.equals(jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM hub_endpoint_pause WHERE endpoint_address = ?)", Boolean.class, address));
	}
}
