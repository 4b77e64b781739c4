package dk.godstart.hub.profiles.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A developer at an EHR vendor checks a folder of resources before sending them to the hub. */
class ValidateCliTest {

	@TempDir
	Path folder;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void aFolderWithOneBrokenReferralExitsOneAndNamesTheElement() throws Exception {
		String referral = GodStartIg.loadPackage().examples().get("ServiceRequest-ditte-referral.json");
		Files.writeString(folder.resolve("good.json"), referral);
		Files.writeString(folder.resolve("nested-no-requester.json"), referral.replaceAll("\"requester\"", "\"_ignored\""));

		int exit = run(folder.toString());

		assertThat(exit).isEqualTo(1);
		assertThat(output()).contains("good.json: OK");
		assertThat(output()).containsPattern("nested-no-requester.json: ERROR .*");
		assertThat(output()).contains("2 file(s):");
	}

	@Test
	void aCleanFileExitsZero() throws Exception {
		Path patient = folder.resolve("ditte.json");
		Files.writeString(patient, GodStartIg.loadPackage().examples().get("Patient-ditte.json"));

		assertThat(run(patient.toString())).isZero();
		assertThat(output()).contains("ditte.json: OK").contains("0 error(s)");
	}

	@Test
	void theProfileOptionChecksAResourceThatClaimsNothing() throws Exception {
		Path plain = folder.resolve("plain.xml");
		Files.writeString(plain, "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Hansen\"/></name></Patient>");

		assertThat(run(plain.toString())).isZero();
		out.reset();
		assertThat(run("--profile", GodStartIg.Profiles.PATIENT, plain.toString())).isEqualTo(1);
		assertThat(output()).contains("Patient.identifier");
	}

	@Test
	void brokenJsonIsReportedNotThrown() throws Exception {
		Path broken = folder.resolve("broken.json");
		Files.writeString(broken, "{\"resourceType\":\"Patient\",");

		assertThat(run(broken.toString())).isEqualTo(1);
		assertThat(output()).contains("broken.json:");
	}

	@Test
	void aMissingFileIsAUsageError() {
		assertThat(run(folder.resolve("nope.json").toString())).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file");
	}

	private int run(String... args) {
		return ValidateCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private String output() {
		return out.toString(StandardCharsets.UTF_8);
	}
}
