package dk.godstart.hub.server.storage;

import static ca.uhn.fhir.rest.api.RequestTypeEnum.DELETE;
import static ca.uhn.fhir.rest.api.RequestTypeEnum.GET;
import static ca.uhn.fhir.rest.api.RequestTypeEnum.PATCH;
import static ca.uhn.fhir.rest.api.RequestTypeEnum.POST;
import static ca.uhn.fhir.rest.api.RequestTypeEnum.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import org.junit.jupiter.api.Test;

class FhirWritesTest {

	@Test
	void theInteractionsThatStoreAreWrites() {
		assertThat(FhirWrites.stores(RestOperationTypeEnum.CREATE, POST, null)).isTrue();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.UPDATE, PUT, null)).isTrue();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.PATCH, PATCH, null)).isTrue();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.DELETE, DELETE, null)).isTrue();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.TRANSACTION, POST, null)).isTrue();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.BATCH, POST, null)).isTrue();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.META_ADD, POST, "$meta-add")).isTrue();
	}

	@Test
	void aPostedMessageOrRedeliveryIsAWrite() {
		assertThat(FhirWrites.stores(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, POST, "$process-message")).isTrue();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, POST, "$redeliver")).isTrue();
	}

	@Test
	void anOperationTheHubDoesNotKnowCountsAsAWriteWhenPosted() {
		assertThat(FhirWrites.stores(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, POST, "$something-new")).isTrue();
	}

	@Test
	void readsSearchesAndReadingOperationsAreNot() {
		assertThat(FhirWrites.stores(RestOperationTypeEnum.READ, GET, null)).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.VREAD, GET, null)).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.SEARCH_TYPE, GET, null)).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.SEARCH_TYPE, POST, null)).as("POST _search").isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.HISTORY_INSTANCE, GET, null)).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.GET_PAGE, GET, null)).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.METADATA, GET, null)).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, POST, "$validate")).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, POST, "$everything")).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, POST, "$postnatal-report")).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, GET, "$delivery-status")).isFalse();
		assertThat(FhirWrites.stores(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, GET, "$something-new"))
				.as("HAPI lets only idempotent operations be called with GET").isFalse();
		assertThat(FhirWrites.stores(null, GET, null)).isFalse();
	}
}
