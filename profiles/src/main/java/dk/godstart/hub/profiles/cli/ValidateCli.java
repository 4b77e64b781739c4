package dk.godstart.hub.profiles.cli;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import dk.godstart.hub.profiles.GodStartValidator;
import dk.godstart.hub.profiles.QuietLogging;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code java -jar godstart-validate.jar [--profile URL] FILE|DIR...}: validates FHIR resources (JSON or XML)
 * against the GodStart profiles they claim, or the one given. Prints every issue with severity, location and
 * message; exits 1 when any file has an error, 2 when the command line or a file cannot be read, 0 otherwise.
 */
public final class ValidateCli {

	static final String USAGE = """
			usage: java -jar godstart-validate.jar [--profile URL] FILE|DIR...
			  Validates FHIR R4 resources (.json, .xml; folders are searched recursively) against the GodStart
			  implementation guide: each against the profiles it claims in meta.profile, and against URL if given.
			  Exit status: 0 no errors, 1 errors found, 2 bad command line or unreadable file.""";

	private ValidateCli() {}

	public static void main(String[] args) {
		QuietLogging.apply();
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		String profile = null;
		List<Path> inputs = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "-h", "--help" -> {
					out.println(USAGE);
					return 0;
				}
				case "--profile" -> {
					if (i + 1 == args.length) {
						err.println("--profile needs a URL\n" + USAGE);
						return 2;
					}
					profile = args[++i];
				}
				default -> inputs.add(Path.of(args[i]));
			}
		}
		List<Path> files;
		try {
			files = resourceFiles(inputs);
		} catch (IOException e) {
			err.println("cannot read " + e.getMessage());
			return 2;
		}
		if (files.isEmpty()) {
			err.println("no .json or .xml files given\n" + USAGE);
			return 2;
		}

		GodStartValidator validator = GodStartValidator.standalone(FhirContext.forR4Cached());
		int errors = 0;
		int warnings = 0;
		int unreadable = 0;
		for (Path file : files) {
			String text;
			try {
				text = Files.readString(file, StandardCharsets.UTF_8);
			} catch (IOException e) {
				err.println(file + ": cannot read: " + e.getMessage());
				unreadable++;
				continue;
			}
			List<SingleValidationMessage> messages;
			try {
				ValidationResult result = validator.validate(text, profile);
				messages = new ArrayList<>(result.getMessages());
			} catch (DataFormatException | com.google.gson.JsonParseException e) {
				// the validator parses with its own JSON reader; either parser may be the one to give up
				out.printf("%s: FATAL (parse) not a readable FHIR resource: %s%n", file, e.getMessage());
				errors++;
				continue;
			}
			messages.sort(Comparator.comparing((SingleValidationMessage m) -> m.getSeverity().ordinal()).reversed());
			for (SingleValidationMessage message : messages) {
				out.printf("%s: %s %s %s%n", file, message.getSeverity().name(), location(message), message.getMessage());
				if (message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
					errors++;
				} else if (message.getSeverity() == ResultSeverityEnum.WARNING) {
					warnings++;
				}
			}
			if (messages.stream().noneMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())) {
				out.printf("%s: OK%n", file);
			}
		}
		out.printf("%d file(s): %d error(s), %d warning(s)%n", files.size(), errors, warnings);
		if (unreadable > 0) {
			return 2;
		}
		return errors > 0 ? 1 : 0;
	}

	private static String location(SingleValidationMessage message) {
		String location = message.getLocationString();
		if (message.getLocationLine() != null && message.getLocationLine() > 0) {
			location += " (line " + message.getLocationLine() + ", col " + message.getLocationCol() + ")";
		}
		return location;
	}

	private static List<Path> resourceFiles(List<Path> inputs) throws IOException {
		List<Path> files = new ArrayList<>();
		for (Path input : inputs) {
			if (Files.isDirectory(input)) {
				try (Stream<Path> walk = Files.walk(input)) {
					walk.filter(Files::isRegularFile).filter(ValidateCli::isResourceFile).sorted().forEach(files::add);
				}
			} else if (Files.isRegularFile(input)) {
				files.add(input);
			} else {
				throw new IOException(input + ": no such file or folder");
			}
		}
		return files;
	}

	private static boolean isResourceFile(Path file) {
		String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		return name.endsWith(".json") || name.endsWith(".xml");
	}
}
