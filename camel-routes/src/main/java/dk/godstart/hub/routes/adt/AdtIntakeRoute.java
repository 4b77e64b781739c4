package dk.godstart.hub.routes.adt;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mllp.MllpConstants;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hospitals' HL7 v2 ADT feed: MLLP listeners ({@code godstart.mllp.*}) whose every message is answered with the
 * acknowledgement {@link AdtIntake} returns, after what it says is committed. Framing, messages split over several
 * TCP packets and several messages on one connection are the MLLP component's concern.
 *
 * <p>Two listeners, each only where configured: MLLP over TLS with a client certificate required, each message
 * checked against the organisations its certificate may send for ({@link CertifiedSenders}); and plain MLLP, where
 * whoever reaches the port may send as any hospital, only where the operator allows it for a network it trusts.
 * With neither, nothing listens, and the log says why.
 */
public class AdtIntakeRoute extends RouteBuilder {

	public static final String PLAIN = "adt-intake";
	public static final String TLS = "adt-intake-tls";
	static final String TLS_PARAMETERS = "godstartMllpTls";

	private static final Logger log = LoggerFactory.getLogger(AdtIntakeRoute.class);

	private final AdtIntake intake;
	private final MllpProperties properties;
	private final SSLContextParameters tls;
	private final CertifiedSenders senders;
	private final MllpConnectionGuard guard;

	/** {@code tls}: the TLS listener's parameters, null without one. */
	public AdtIntakeRoute(AdtIntake intake, MllpProperties properties, SSLContextParameters tls, CertifiedSenders senders,
			MllpConnectionGuard guard) {
		this.intake = intake;
		this.properties = properties;
		this.tls = tls;
		this.senders = senders;
		this.guard = guard;
	}

	/** The routes that listen with these settings. */
	public static List<String> listeners(MllpProperties properties) {
		List<String> listeners = new ArrayList<>();
		if (properties.enabled() && properties.tls().configured()) {
			listeners.add(TLS);
		}
		if (properties.enabled() && properties.allowPlain()) {
			listeners.add(PLAIN);
		}
		return listeners;
	}

	@Override
	public void configure() {
		List<String> listeners = listeners(properties);
		if (listeners.isEmpty()) {
			if (properties.enabled()) {
				log.error("HL7 v2 (MLLP) listener NOT started: no TLS configured (godstart.mllp.tls.bundle) and plain "
						+ "MLLP not allowed (godstart.mllp.allow-plain). Hospitals' ADT messages are not received.");
			}
			return;
		}
		if (listeners.contains(TLS)) {
			getContext().getRegistry().bind(TLS_PARAMETERS, tls);
			from(endpoint(properties.tls().port()) + "&sslContextParameters=#" + TLS_PARAMETERS)
					.routeId(TLS)
					.process(exchange -> guard.messageArrived(remote(exchange), local(exchange)))
					.process(exchange -> answer(exchange, intake.receive(body(exchange),
							senders.of(ClientCertificate.of(exchange.getMessage()), remote(exchange)))));
			log.info("HL7 v2 (MLLP) over TLS on {}:{}, client certificates required, {} sender(s) bound",
					properties.host(), properties.tls().port(), properties.senders().size());
		}
		if (listeners.contains(PLAIN)) {
			from(endpoint(properties.port()))
					.routeId(PLAIN)
					.process(exchange -> guard.messageArrived(remote(exchange), local(exchange)))
					.process(exchange -> answer(exchange, intake.receive(body(exchange))));
			log.warn("HL7 v2 (MLLP) WITHOUT TLS on {}:{} (godstart.mllp.allow-plain): anyone who reaches this port can "
					+ "send admissions and discharges as any hospital", properties.host(), properties.port());
		}
		from("timer:mllp-connection-guard?period=1s").routeId("adt-connection-guard").bean(guard, "sweep");
	}

	private String endpoint(int port) {
		return String.format("mllp://%s:%d?autoAck=false&hl7Headers=false&validatePayload=false&stringPayload=false"
						+ "&maxConcurrentConsumers=%d&receiveTimeout=%d&readTimeout=%d&idleTimeout=%d&maxBufferSize=%d",
				properties.host(), port, properties.maxConnections(), properties.receiveTimeout().toMillis(),
				properties.readTimeout().toMillis(), properties.idleTimeout().toMillis(),
				properties.maxMessageSize().toBytes());
	}

	private static byte[] body(Exchange exchange) {
		return exchange.getMessage().getBody(byte[].class);
	}

	private static String remote(Exchange exchange) {
		return exchange.getMessage().getHeader(MllpConstants.MLLP_REMOTE_ADDRESS, String.class);
	}

	private static String local(Exchange exchange) {
		return exchange.getMessage().getHeader(MllpConstants.MLLP_LOCAL_ADDRESS, String.class);
	}

	private static void answer(Exchange exchange, String acknowledgement) {
		exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT_STRING, acknowledgement);
	}
}
