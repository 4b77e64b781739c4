package dk.godstart.hub.profiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An npm-style FHIR package ({@code .tgz}): {@code package/package.json}, the conformance resources in
 * {@code package/}, and the examples in {@code package/example/}. Entries are kept in name order.
 */
public final class IgPackage {

	static final String ROOT = "package/";
	static final String EXAMPLES = ROOT + "example/";
	/** Fixed entry times make the archive byte-for-byte reproducible from the same sources. */
	private static final FileTime ENTRY_TIME = FileTime.from(Instant.parse("2025-01-01T00:00:00Z"));

	private final Map<String, byte[]> entries;

	public IgPackage(Map<String, byte[]> entries) {
		this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
	}

	public static IgPackage read(byte[] tgz) {
		Map<String, byte[]> entries = new TreeMap<>();
		try (TarArchiveInputStream tar =
				new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				if (entry.isFile()) {
					entries.put(entry.getName(), tar.readAllBytes());
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Not a readable FHIR package", e);
		}
		return new IgPackage(entries);
	}

	public byte[] toTgz() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			for (Map.Entry<String, byte[]> file : entries.entrySet()) {
				TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
				entry.setSize(file.getValue().length);
				entry.setLastModifiedTime(ENTRY_TIME);
				entry.setMode(0644);
				tar.putArchiveEntry(entry);
				tar.write(file.getValue());
				tar.closeArchiveEntry();
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	/** The conformance resources (JSON text by file name): what a server installs and a validator loads. */
	public Map<String, String> conformanceResources() {
		Map<String, String> resources = new TreeMap<>();
		entries.forEach((name, content) -> {
			String file = name.substring(ROOT.length());
			if (name.startsWith(ROOT) && !file.contains("/") && file.endsWith(".json") && !file.equals("package.json")
					&& !file.startsWith(".")) {
				resources.put(file, new String(content, StandardCharsets.UTF_8));
			}
		});
		return resources;
	}

	/** The guide's example instances (JSON text by file name). */
	public Map<String, String> examples() {
		Map<String, String> examples = new TreeMap<>();
		entries.forEach((name, content) -> {
			if (name.startsWith(EXAMPLES) && name.endsWith(".json")) {
				examples.put(name.substring(EXAMPLES.length()), new String(content, StandardCharsets.UTF_8));
			}
		});
		return examples;
	}

	public Map<String, byte[]> entries() {
		return entries;
	}
}
