package dk.godstart.hub.routes.agreements;

import dk.godstart.hub.routes.events.MessageEvent;
import java.time.Duration;
import java.util.Set;

/**
 * One notification flow of an agreement: the event, the parties whose units send it and those whose units receive it
 * (as {@code Organization/<id>}), the deadline, the legal basis the term relies on (null when the term names none, or
 * one this hub does not know: such a term allows nothing), and whether recipients get the woman pseudonymised.
 */
public record AgreementTerm(MessageEvent event, Set<String> senders, Set<String> recipients, Duration deadline,
		LegalBasis legalBasis, boolean pseudonymised, String text) {

	/** Whether the term is for this event and names a sender party covering one unit and a recipient party the other. */
	public boolean covers(MessageEvent event, Set<String> senderParties, Set<String> recipientParties) {
		return this.event == event && senders.stream().anyMatch(senderParties::contains)
				&& recipients.stream().anyMatch(recipientParties::contains);
	}
}
