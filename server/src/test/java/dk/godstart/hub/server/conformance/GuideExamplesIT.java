package dk.godstart.hub.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.HubIntegrationTest;
import dk.godstart.hub.server.support.HubTokens;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * The guide's own examples — Ditte's referral, Eva's level-4 episode, Janni's declined residential treatment, the
 * North and Central Jutland agreements, and the organisations they name — are accepted by the server as they are.
 */
class GuideExamplesIT extends HubIntegrationTest {

	@Test
	void everyExampleOfTheGuideIsAcceptedInOneTransactionAndReadableAfterwards() {
		Map<String, String> examples = GodStartIg.loadPackage().examples();
		Bundle transaction = new Bundle().setType(BundleType.TRANSACTION);
		for (String json : examples.values()) {
			Resource example = (Resource) fhirContext.newJsonParser().parseResource(json);
			String url = example.fhirType() + "/" + example.getIdElement().getIdPart();
			transaction.addEntry().setFullUrl(url).setResource(example).getRequest().setMethod(HTTPVerb.PUT).setUrl(url);
		}

		// The examples belong to many organisations, so they are loaded the way a migration would load them.
		IGenericClient importer = clientFor(null, List.of("system/*.cruds", "hub/import"));
		Bundle response = importer.transaction().withBundle(transaction).execute();

		assertThat(response.getEntry()).hasSize(examples.size());
		assertThat(response.getEntry()).allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).matches("20[01].*"));
		IGenericClient dittesGp = clientFor(GodStartIg.SOR_SYSTEM + "|498361000016003", HubTokens.CARE_PROVIDER);
		assertThat(dittesGp.read().resource("ServiceRequest").withId("ditte-referral").execute().getMeta().getProfile())
				.extracting(p -> p.getValue())
				.contains(GodStartIg.Profiles.FAMILY_AMBULATORY_REFERRAL);
		assertThat(dittesGp.read().resource("Contract").withId("agreement-nordjylland-vulnerable-pregnant-women").execute())
				.isNotNull();
	}
}
