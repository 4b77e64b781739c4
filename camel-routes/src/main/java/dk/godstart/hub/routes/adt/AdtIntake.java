package dk.godstart.hub.routes.adt;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.Message;
import dk.godstart.hub.routes.store.StoreFailure;
import dk.godstart.hub.routes.store.StoreSpace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one ADT message and answers it: read it, store what it says (all or nothing, once per message), and only
 * then {@code AA}. A message that cannot be read or used is answered {@code AR}/{@code AE} with the reason, and
 * nothing of it is stored; a storage failure is {@code AE} (application internal error), so the sender sends it again,
 * and so is a message that arrives while the {@link StoreSpace} refuses writes (the store's disk nearly full).
 */
public class AdtIntake {

	private static final Logger log = LoggerFactory.getLogger(AdtIntake.class);

	private final AdtReader reader;
	private final AdtStore store;
	private final AdtAcknowledgements acks;
	private final MeterRegistry registry;
	private final StoreSpace storeSpace;
	private final AdtFeed feed;

	public AdtIntake(AdtReader reader, AdtStore store, AdtAcknowledgements acks, MeterRegistry registry,
			StoreSpace storeSpace) {
		this(reader, store, acks, registry, storeSpace, AdtFeed.NONE);
	}

	/** {@code feed} records the messages refused for what they say, for the operators' console. */
	public AdtIntake(AdtReader reader, AdtStore store, AdtAcknowledgements acks, MeterRegistry registry,
			StoreSpace storeSpace, AdtFeed feed) {
		this.feed = feed;
		this.reader = reader;
		this.store = store;
		this.acks = acks;
		this.registry = registry;
		this.storeSpace = storeSpace;
	}

	/** The acknowledgement for one message from a trusted network, as HL7 v2 text. */
	public String receive(byte[] body) {
		return receive(body, AdtSenderCheck.TRUSTED_NETWORK);
	}

	/** The same, for a message whose connection {@code sender} says what it may send for. */
	public String receive(byte[] body, AdtSenderCheck sender) {
		String text = new String(body, StandardCharsets.ISO_8859_1).replace("\r\n", "\r").replace('\n', '\r').trim();
		Message message;
		try {
			message = reader.parse(text);
		} catch (AdtRejection rejection) {
			count("rejected", rejection.acknowledgment().name());
			log.warn("ADT message refused ({}): {}", rejection.acknowledgment(), rejection.getMessage());
			feed.refused(text, rejection);
			return acks.refused(text, rejection);
		}
		try {
			AdtMessage adt = reader.read(message);
			sender.check(adt);
			Optional<StoreFailure> refused = storeSpace.refusal("mllp");
			if (refused.isPresent()) {
				count("failed", refused.get().name());
				log.warn("ADT {} {} from {} answered AE: {}", adt.event(), adt.controlId(), adt.sendingFacility(),
						refused.get().description());
				return acks.refused(message, new AdtRejection(AcknowledgmentCode.AE,
						ErrorCode.APPLICATION_INTERNAL_ERROR, refused.get().description() + "; send the message again"));
			}
			AdtStore.Outcome outcome = store.store(adt);
			count(outcome == AdtStore.Outcome.REPEATED ? "repeated" : "stored", adt.event().name());
			log.debug("ADT {} {} from {}: {}", adt.event(), adt.controlId(), adt.sendingFacility(), outcome);
			return acks.accepted(message);
		} catch (AdtRejection rejection) {
			count("rejected", rejection.acknowledgment().name());
			log.warn("ADT message refused ({}): {}", rejection.acknowledgment(), rejection.getMessage());
			feed.refused(text, rejection);
			return acks.refused(message, rejection);
		} catch (RuntimeException e) {
			Optional<StoreFailure> store = StoreFailure.of(e);
			count("failed", store.map(StoreFailure::name).orElse("AE"));
			if (store.isPresent()) {
				// the store's outage is logged once by StoreOutage; each message answered is one line
				log.warn("ADT message not stored, answered AE so the sender repeats it: {}", store.get().description());
			} else {
				log.error("ADT message could not be stored; answered AE so the sender repeats it", e);
			}
			return acks.refused(message, new AdtRejection(AcknowledgmentCode.AE, ErrorCode.APPLICATION_INTERNAL_ERROR,
					store.map(failure -> failure.description() + ": the message was not stored; send it again")
							.orElse("The hub could not store the message now; send it again")));
		}
	}

	private void count(String outcome, String detail) {
		Counter.builder("godstart.adt.messages").tag("outcome", outcome).tag("detail", detail)
				.description("HL7 v2 ADT messages received, by outcome").register(registry).increment();
	}
}
