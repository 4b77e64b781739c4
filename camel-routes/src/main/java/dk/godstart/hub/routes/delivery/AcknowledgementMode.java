package dk.godstart.hub.routes.delivery;

import dk.godstart.hub.profiles.GodStartIg;
import java.util.Arrays;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Extension;

/**
 * What a receiver answers a message with, as its Endpoint says (extension {@code endpoint-acknowledgement}, code
 * system {@code acknowledgement-mode}): a MedCom acknowledgement message, in the HTTP answer or later (the default),
 * or only an HTTP status, whose 2xx is then the receipt.
 */
public enum AcknowledgementMode {
	MESSAGE("message"),
	HTTP("http");

	private final String code;

	AcknowledgementMode(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}

	public static AcknowledgementMode fromCode(String code) {
		return Arrays.stream(values()).filter(mode -> mode.code.equals(code)).findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Unknown acknowledgement mode " + code));
	}

	/** The endpoint's mode; {@link #MESSAGE} when it says nothing (or there is no endpoint). */
	public static AcknowledgementMode of(Endpoint endpoint) {
		if (endpoint == null) {
			return MESSAGE;
		}
		Extension extension = endpoint.getExtensionByUrl(GodStartIg.Extensions.ENDPOINT_ACKNOWLEDGEMENT);
		if (extension != null && extension.getValue() instanceof CodeType value && HTTP.code.equals(value.getValue())) {
			return HTTP;
		}
		return MESSAGE;
	}
}
