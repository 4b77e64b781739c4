package dk.godstart.hub.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the console takes as a receiver's address: an absolute http(s) URL with a host and no credentials. */
class EndpointAddressTest {

	@ParameterizedTest(name = "[{index}] \"{0}\"")
	@ValueSource(strings = {"https://case.aalborg.dk/fhir/$process-message", "http://127.0.0.1:8080/fhir",
			"https://sundhed.example.dk:8443/hub/messages?tenant=0851"})
	void aReceiversAddress(String address) {
		assertThat(ReceiversController.addressProblem(address)).isNull();
	}

	@ParameterizedTest(name = "[{index}] \"{0}\"")
	@ValueSource(strings = {"", " ", "ftp://case.example.dk/fhir", "javascript:alert(1)", "file:///etc/passwd",
			"/relative/path", "https://user:secret@case.example.dk/fhir", "http:///no-host", "https://exa mple.dk/",
			"mailto:ops@example.dk"})
	void notAReceiversAddress(String address) {
		assertThat(ReceiversController.addressProblem(address)).isNotNull();
	}
}
