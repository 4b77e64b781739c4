package dk.godstart.hub.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.delivery.ParkReason;
import dk.godstart.hub.server.security.AccessPolicy;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The module shape of the design (profiles ← camel-routes ← server), checked on the compiled classes of all three:
 * Maven keeps a module from compiling against one it does not depend on, but not from someone adding that dependency
 * to its pom, or from a package of one module appearing in another. Here, in server, because only server sees all
 * three modules' classes.
 */
@AnalyzeClasses(locations = ModuleBoundariesTest.TheThreeModules.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

	/**
	 * The compiled main classes of profiles, camel-routes and server (a jar or a {@code target/classes} directory
	 * each), found from a class of each: scanning the classpath for {@code dk.godstart.hub} would open every one of
	 * HAPI's jars and take most of a minute.
	 */
	static final class TheThreeModules implements LocationProvider {
		@Override
		public Set<Location> get(Class<?> testClass) {
			return Stream.of(GodStartIg.class, ParkReason.class, AccessPolicy.class)
					.map(inModule -> Location.of(inModule.getProtectionDomain().getCodeSource().getLocation()))
					.collect(Collectors.toSet());
		}
	}

	@ArchTest
	static final ArchRule theRoutesNeverReachIntoTheServer = noClasses()
			.that().resideInAPackage("dk.godstart.hub.routes..")
			.should().dependOnClassesThat().resideInAPackage("dk.godstart.hub.server..")
			.because("camel-routes talks FHIR over HTTP and DAO interfaces and must run without the server (design.md)");

	@ArchTest
	static final ArchRule theGuideKnowsNothingOfRoutingOrTheServer = noClasses()
			.that().resideInAPackage("dk.godstart.hub.profiles..")
			.should().dependOnClassesThat().resideInAnyPackage("dk.godstart.hub.routes..", "dk.godstart.hub.server..")
			.because("profiles is the conformance package every other module builds on; it must stand alone");

	/**
	 * Access control decides on what is stored (resources, agreements, grants, a notification's outcome such as its
	 * {@link ParkReason}), not on how routing works inside.
	 */
	@ArchTest
	static final ArchRule accessControlDoesNotDependOnRouting = noClasses()
			.that().resideInAPackage("dk.godstart.hub.server.security..")
			.should().dependOnClassesThat().resideInAPackage("dk.godstart.hub.routes.routing..")
			.because("who sees what must not change when routing is refactored");
}
