package dk.godstart.hub.routes.adt;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mllp.MllpConstants;

/**
 * The hospitals' HL7 v2 ADT feed: an MLLP listener ({@code godstart.mllp.*}) whose every message is answered with the
 * acknowledgement {@link AdtIntake} returns, after what it says is committed. Framing, messages split over several
 * TCP packets and several messages on one connection are the MLLP component's concern.
 */
public class AdtIntakeRoute extends RouteBuilder {

	private final AdtIntake intake;
	private final MllpProperties properties;

	public AdtIntakeRoute(AdtIntake intake, MllpProperties properties) {
		this.intake = intake;
		this.properties = properties;
	}

	@Override
	public void configure() {
		fromF("mllp://%s:%d?autoAck=false&hl7Headers=false&validatePayload=false&stringPayload=false"
						+ "&maxConcurrentConsumers=%d&receiveTimeout=%d&idleTimeout=%d",
				properties.host(), properties.port(), properties.maxConnections(),
				properties.receiveTimeout().toMillis(), properties.idleTimeout().toMillis())
				.routeId("adt-intake")
				.autoStartup(properties.enabled())
				.process(exchange -> exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT_STRING,
						intake.receive(exchange.getMessage().getBody(byte[].class))));
	}
}
