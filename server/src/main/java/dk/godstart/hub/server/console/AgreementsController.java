package dk.godstart.hub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import dk.godstart.hub.routes.agreements.Agreement;
import dk.godstart.hub.routes.agreements.AgreementTerm;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Contract;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The agreements pages: those in force, ending or due for review within {@code godstart.console.agreement-horizon}
 * (or all), and one agreement's parties and terms, each term with the flow it drives. What an agreement means is read
 * by the same typed model ({@link Agreement}) that routing, access and minimisation use, so the page shows what the
 * hub acts on, not a second reading of the Contract.
 */
@Controller
@RequestMapping("/console/agreements")
public class AgreementsController {

	private final ConsoleOperator operators;
	private final ConsoleProperties properties;

	public AgreementsController(ConsoleOperator operators, ConsoleProperties properties) {
		this.operators = operators;
		this.properties = properties;
	}

	@GetMapping
	public String agreements(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client,
			@RequestParam(defaultValue = "due") String show, Model model) {
		IGenericClient hub = operators.api(client, model);
		boolean all = "all".equals(show);
		List<AgreementRow> rows = agreements(hub, properties, all);
		model.addAttribute("agreements", rows);
		model.addAttribute("names", ConsoleOperator.names(hub, rows.stream().flatMap(row -> row.parties().stream()).toList()));
		model.addAttribute("show", all ? "all" : "due");
		model.addAttribute("horizonDays", properties.agreementHorizon().toDays());
		return "console/agreements";
	}

	@GetMapping("/{id}")
	public String agreement(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			Model model) {
		IGenericClient hub = operators.api(client, model);
		Contract contract = hub.read().resource(Contract.class).withId(ConsoleOperator.checkedId(id)).execute();
		Agreement agreement = Agreement.of(contract);
		LocalDate today = LocalDate.now(ZoneId.of("Europe/Copenhagen"));
		model.addAttribute("agreement", row(agreement, contract,
				agreement.endsOrIsReviewedBetween(today, today.plusDays(properties.agreementHorizon().toDays()))));
		model.addAttribute("terms", agreement.terms().stream().map(TermRow::of).toList());
		model.addAttribute("names", ConsoleOperator.names(hub, Stream.concat(agreement.parties().stream(),
				agreement.terms().stream().flatMap(term -> Stream.concat(term.senders().stream(), term.recipients().stream())))
				.toList()));
		return "console/agreement";
	}

	/** One agreement as the agreements pages show it; parties as {@code Organization/<id>}. */
	public record AgreementRow(String id, String title, String status, LocalDate start, LocalDate end, LocalDate review,
			String reviewInterval, boolean due, int terms, List<String> parties) {}

	/** One term: the flow it drives (event, from, to), its deadline, legal basis and minimisation. */
	public record TermRow(String event, String eventDisplay, List<String> senders, List<String> recipients,
			String deadline, String legalBasis, boolean pseudonymised, String text) {

		static TermRow of(AgreementTerm term) {
			return new TermRow(term.event().code(), term.event().display(), sorted(term.senders()),
					sorted(term.recipients()), term.deadline() == null ? null : deadline(term.deadline()),
					term.legalBasis() == null ? null : term.legalBasis().code() + " (" + term.legalBasis().display() + ")",
					term.pseudonymised(), term.text());
		}

		private static String deadline(java.time.Duration deadline) {
			return deadline.toHours() >= 48 && deadline.toHours() % 24 == 0 ? deadline.toDays() + " days"
					: deadline.toMinutes() >= 60 ? deadline.toHours() + " hours" : deadline.toMinutes() + " minutes";
		}
	}

	/** The agreements (all, or those ending or due for review within the horizon), read page by page as the operator. */
	static List<AgreementRow> agreements(IGenericClient hub, ConsoleProperties properties, boolean all) {
		LocalDate today = LocalDate.now(ZoneId.of("Europe/Copenhagen"));
		LocalDate until = today.plusDays(properties.agreementHorizon().toDays());
		List<AgreementRow> rows = new ArrayList<>();
		Bundle page = hub.search().byUrl("Contract?_count=200&_sort=_id").returnBundle(Bundle.class).execute();
		while (page != null) {
			for (Bundle.BundleEntryComponent entry : page.getEntry()) {
				if (entry.getResource() instanceof Contract contract) {
					Agreement agreement = Agreement.of(contract);
					boolean due = agreement.endsOrIsReviewedBetween(today, until);
					if (all || due) {
						rows.add(row(agreement, contract, due));
					}
				}
			}
			page = page.getLink(Bundle.LINK_NEXT) == null ? null : hub.loadPage().next(page).execute();
		}
		return rows;
	}

	private static AgreementRow row(Agreement agreement, Contract contract, boolean due) {
		return new AgreementRow(agreement.id(), agreement.title(), contract.hasStatus() ? contract.getStatus().toCode() : "",
				agreement.startsOn().orElse(null), agreement.endsOn().orElse(null), agreement.nextReview().orElse(null),
				agreement.reviewInterval().orElse(null), due, agreement.terms().size(), sorted(agreement.parties()));
	}

	private static List<String> sorted(Collection<String> parties) {
		return parties.stream().sorted().toList();
	}
}
