package dk.godstart.hub.server.demo;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.demo.*} (in {@code application-demo.yaml}; the {@code demo} profile only, see {@link DemoProfile}):
 * the directory the embedded default starts with, so that each demo client's organisation exists and what a demo
 * client writes it can read back.
 *
 * @param seedDirectory at start-up, add to the directory the guide's example organisations and {@link #organisations}
 *     that are missing from it (nothing that is there is changed)
 * @param organisations the demo clients' organisations that the guide's example network lacks
 */
@ConfigurationProperties("godstart.demo")
public record DemoProperties(
		@DefaultValue("true") boolean seedDirectory,
		@DefaultValue List<Organisation> organisations) {

	/**
	 * One organisation of the seeded directory, stored as a DK Maternity Organization.
	 *
	 * @param id its id in the hub ({@code Organization/<id>}), in the style of the guide's examples
	 * @param name its name
	 * @param type its code in the guide's organisation-type CodeSystem (hospital-department, municipality, ...)
	 * @param identifiers {@code system|value} each: SOR code, municipality code, region code
	 * @param partOf the id of the organisation it is part of (one of the guide's or of these); empty for none
	 */
	public record Organisation(String id, String name, String type, @DefaultValue List<String> identifiers,
			@DefaultValue("") String partOf) {}
}
