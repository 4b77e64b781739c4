package dk.godstart.hub.routes.adt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Aalborg's PAS certificate may send as Aalborg's two wards and as nobody else; no certificate sends for nobody. */
class SendingFacilityRuleTest {

	static final String AALBORG_WARD = "524611000016009";
	static final String AALBORG_OBSTETRICS = "524641000016007";
	static final String ODENSE = "123451000016001";
	static final String TEST_CA = "CN=GodStart Test CA, O=GodStart Hub tests";

	final SendingFacilityRule rule = new SendingFacilityRule(List.of(
			new MllpProperties.Sender("CN=pas.aalborg.test, O=Aalborg University Hospital, C=DK", "",
					List.of(AALBORG_WARD, AALBORG_OBSTETRICS)),
			new MllpProperties.Sender("CN=pas.odense.test,O=OUH,C=DK", TEST_CA, List.of(ODENSE))));

	static ClientCertificate certificate(String subject, String issuer) {
		return new ClientCertificate(subject, issuer, "1");
	}

	@Test
	void aCertificateSendsForItsOwnOrganisations() {
		ClientCertificate aalborg = certificate("CN=pas.aalborg.test, O=Aalborg University Hospital, C=DK", TEST_CA);
		assertThat(rule.refusal(aalborg, AALBORG_WARD)).isEmpty();
		assertThat(rule.refusal(aalborg, AALBORG_OBSTETRICS)).isEmpty();
	}

	@Test
	void notForAnotherHospital() {
		ClientCertificate aalborg = certificate("CN=pas.aalborg.test, O=Aalborg University Hospital, C=DK", TEST_CA);
		assertThat(rule.refusal(aalborg, ODENSE)).hasValueSatisfying(reason -> assertThat(reason)
				.contains("may not send for MSH-4 sending facility " + ODENSE).contains(AALBORG_WARD));
		assertThat(rule.refusal(aalborg, "")).isPresent();
		assertThat(rule.refusal(aalborg, null)).isPresent();
	}

	@Test
	void theSubjectIsComparedAsANameNotAsText() {
		assertThat(rule.refusal(certificate("cn=PAS.aalborg.test,o=Aalborg University Hospital,c=DK", TEST_CA),
				AALBORG_WARD)).as("spaces and case").isEmpty();
		assertThat(rule.refusal(certificate("CN=pas.aalborg.test, O=Aalborg University Hospital", TEST_CA),
				AALBORG_WARD)).as("an attribute fewer is another name").isPresent();
		assertThat(rule.refusal(certificate("CN=pas.aalborg.test, O=Aalborg University Hospital, C=DK, OU=x", TEST_CA),
				AALBORG_WARD)).as("an attribute more is another name").isPresent();
	}

	@Test
	void whereAnIssuerIsNamedOnlyItsCertificatesCount() {
		assertThat(rule.refusal(certificate("CN=pas.odense.test, O=OUH, C=DK", TEST_CA), ODENSE)).isEmpty();
		assertThat(rule.refusal(certificate("CN=pas.odense.test, O=OUH, C=DK", "CN=Another CA"), ODENSE))
				.hasValueSatisfying(reason -> assertThat(reason).contains("not bound to any organisation"));
	}

	@Test
	void anUnknownCertificateOrNoneSendsForNobody() {
		assertThat(rule.refusal(certificate("CN=pas.elsewhere.test", TEST_CA), AALBORG_WARD))
				.hasValueSatisfying(reason -> assertThat(reason).contains("not bound to any organisation"));
		assertThat(rule.refusal(null, AALBORG_WARD))
				.hasValueSatisfying(reason -> assertThat(reason).contains("no client certificate"));
		assertThat(rule.refusal(certificate("not a name", TEST_CA), AALBORG_WARD)).isPresent();
		assertThat(new SendingFacilityRule(List.of()).refusal(certificate("CN=pas.aalborg.test", TEST_CA), AALBORG_WARD))
				.isPresent();
	}

	@Test
	void aBindingMustNameItsCertificate() {
		assertThatThrownBy(() -> new SendingFacilityRule(List.of(new MllpProperties.Sender("", "", List.of(ODENSE)))))
				.hasMessageContaining("godstart.mllp.senders");
		assertThatThrownBy(() -> new SendingFacilityRule(List.of(new MllpProperties.Sender("not=a=name,,", "", List.of()))))
				.hasMessageContaining("not an X.500 name");
	}
}
