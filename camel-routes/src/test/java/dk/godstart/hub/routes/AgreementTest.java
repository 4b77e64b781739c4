package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.agreements.Agreement;
import dk.godstart.hub.routes.agreements.AgreementTerm;
import dk.godstart.hub.routes.agreements.LegalBasis;
import dk.godstart.hub.routes.events.MessageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an agreement means, read from its Contract: the one place routing, access and minimisation ask. */
class AgreementTest {

	static final Instant TODAY = Instant.parse("2025-04-07T10:00:00Z");

	@Test
	void aTermNamesOnlyPartiesToTheAgreement() {
		Contract contract = contract("Organization/region", "Organization/aalborg");
		term(contract, "referral-created", "consent", "Organization/region", "Organization/aalborg", "Organization/stranger");

		AgreementTerm term = Agreement.of(contract).terms().get(0);

		assertThat(term.recipients()).containsExactly("Organization/aalborg");
		assertThat(term.covers(MessageEvent.REFERRAL_CREATED, Set.of("Organization/region"), Set.of("Organization/stranger")))
				.isFalse();
		assertThat(term.covers(MessageEvent.REFERRAL_CREATED, Set.of("Organization/region", "Organization/x"),
				Set.of("Organization/unit", "Organization/aalborg"))).isTrue();
	}

	@Test
	void aTermsLegalBasisIsReadAndAnUnknownOneIsNone() {
		Contract contract = contract("Organization/a", "Organization/b");
		term(contract, "referral-created", "treatment", "Organization/a", "Organization/b");
		term(contract, "referral-accepted", "because-we-agreed", "Organization/a", "Organization/b");
		term(contract, "care-level-changed", null, "Organization/a", "Organization/b");

		assertThat(Agreement.of(contract).terms()).extracting(AgreementTerm::legalBasis)
				.containsExactly(LegalBasis.TREATMENT, null, null);
	}

	@Test
	void statisticsAreAlwaysPseudonymised() {
		Contract contract = contract("Organization/a", "Organization/registry");
		term(contract, "residential-offer", "statistics-pseudonymised", "Organization/a", "Organization/registry");
		term(contract, "residential-admission", "consent", "Organization/a", "Organization/registry");

		Agreement agreement = Agreement.of(contract);

		assertThat(agreement.pseudonymises(MessageEvent.RESIDENTIAL_OFFER)).isTrue();
		assertThat(agreement.pseudonymises(MessageEvent.RESIDENTIAL_ADMISSION)).isFalse();
		contract.getTerm().get(1).addExtension(GodStartIg.Extensions.DATA_MINIMISATION, new CodeType("pseudonymised"));
		assertThat(Agreement.of(contract).pseudonymises(MessageEvent.RESIDENTIAL_ADMISSION)).isTrue();
	}

	@ParameterizedTest
	@CsvSource({"30,s,PT30S", "15,min,PT15M", "24,h,PT24H", "2,d,PT48H", "1,wk,PT168H", "3,mo,"})
	void aDeadlineIsReadInTheUcumUnitsTheHubKnows(int amount, String unit, String expected) {
		Contract contract = contract("Organization/a", "Organization/b");
		term(contract, "discharge", "consent", "Organization/a", "Organization/b")
				.addExtension(GodStartIg.Extensions.NOTIFICATION_DEADLINE, new org.hl7.fhir.r4.model.Duration().setValue(amount)
						.setSystem("http://unitsofmeasure.org").setCode(unit));

		assertThat(Agreement.of(contract).terms().get(0).deadline()).isEqualTo(expected == null ? null : Duration.parse(expected));
	}

	@Test
	void inForceMeansBindingAndWithinItsPeriod() {
		Contract contract = contract("Organization/a", "Organization/b");
		assertThat(Agreement.of(contract).inForce(TODAY)).isTrue();
		contract.getApplies().setEnd(Date.from(TODAY.minusSeconds(1)));
		assertThat(Agreement.of(contract).inForce(TODAY)).isFalse();
		contract.getApplies().setEnd(null);
		contract.setStatus(Contract.ContractStatus.OFFERED);
		assertThat(Agreement.of(contract).inForce(TODAY)).isFalse();
		contract.setStatus(Contract.ContractStatus.RENEWED);
		contract.getApplies().setStart(Date.from(TODAY.plusSeconds(86_400)));
		assertThat(Agreement.of(contract).inForce(TODAY)).isFalse();
	}

	@Test
	void aTermForAnEventTheHubDoesNotKnowIsLeftOut() {
		Contract contract = contract("Organization/a", "Organization/b");
		term(contract, "something-else", "consent", "Organization/a", "Organization/b");
		assertThat(Agreement.of(contract).terms()).isEmpty();
	}

	private static Contract contract(String... parties) {
		Contract contract = new Contract();
		contract.setId("Contract/test");
		contract.setStatus(Contract.ContractStatus.EXECUTED);
		contract.getApplies().setStart(Date.from(TODAY.minusSeconds(86_400)));
		for (String party : parties) {
			contract.addExtension(GodStartIg.Extensions.AGREEMENT_PARTY, new Reference(party));
		}
		return contract;
	}

	private static Contract.TermComponent term(Contract contract, String event, String basis, String sender,
			String... recipients) {
		Contract.TermComponent term = contract.addTerm();
		term.setType(new CodeableConcept(new Coding(MessageEvent.SYSTEM, event, null)));
		if (basis != null) {
			term.addExtension(GodStartIg.Extensions.LEGAL_BASIS, new CodeType(basis));
		}
		term.getOffer().addParty().addReference(new Reference(sender))
				.setRole(new CodeableConcept(new Coding(GodStartIg.CodeSystems.AGREEMENT_TERM_ROLE, "sender", null)));
		Contract.ContractPartyComponent to = term.getOffer().addParty()
				.setRole(new CodeableConcept(new Coding(GodStartIg.CodeSystems.AGREEMENT_TERM_ROLE, "recipient", null)));
		for (String recipient : recipients) {
			to.addReference(new Reference(recipient));
		}
		return term;
	}
}
