package dk.godstart.hub.server.conformance;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import dk.godstart.hub.profiles.GodStartIg;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the guide's conformance resources in the server from the package in the jar — never from the network —
 * so that {@code GET /fhir/StructureDefinition?url=...} answers and the guide's SearchParameters are active.
 *
 * <p>A package already installed byte for byte is left alone. One with the same version but other content (a
 * development build of the guide) replaces the old one: HAPI's package cache keys on id and version only and would
 * otherwise go on installing the old content.
 */
public class ImplementationGuideInstaller {

	private static final Logger log = LoggerFactory.getLogger(ImplementationGuideInstaller.class);

	private final IPackageInstallerSvc packageInstaller;
	private final IHapiPackageCacheManager packageCache;

	public ImplementationGuideInstaller(IPackageInstallerSvc packageInstaller, IHapiPackageCacheManager packageCache) {
		this.packageInstaller = packageInstaller;
		this.packageCache = packageCache;
	}

	/** @return true when the guide was (re)installed, false when this exact package was already there */
	public boolean install() {
		long started = System.nanoTime();
		String id = GodStartIg.PACKAGE_ID;
		String version = GodStartIg.version();
		byte[] contents = GodStartIg.packageBytes();
		byte[] installed = installedContents(id, version);
		if (installed != null && Arrays.equals(installed, contents)) {
			log.info("Implementation guide {}#{} is installed and unchanged", id, version);
			return false;
		}
		if (installed != null) {
			log.info("Implementation guide {}#{} changed since it was installed; replacing it", id, version);
			packageCache.uninstallPackage(id, version);
		}
		var outcome = packageInstaller.install(new PackageInstallationSpec()
				.setName(id)
				.setVersion(version)
				.setPackageContents(contents)
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
				.setFetchDependencies(false));
		log.info(
				"Implementation guide {}#{} installed in {} ms: {}",
				id, version, (System.nanoTime() - started) / 1_000_000, outcome.getResourcesInstalled());
		return true;
	}

	private byte[] installedContents(String id, String version) {
		try {
			var contents = packageCache.loadPackageContents(id, version);
			return contents == null ? null : contents.getBytes();
		} catch (RuntimeException notInstalled) {
			return null;
		}
	}
}
