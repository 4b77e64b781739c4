package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.godstart.hub.routes.dedup.IdempotentInbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A ward's PAS sends the same ADT message again after a lost acknowledgement: its key (facility and control id) is
 * taken once, in the transaction that stores it, and the repeat finds it. (Against PostgreSQL: HospitalAdtIT,
 * InboundMessageIT.)
 */
class IdempotentInboxTest {

	final List<String> statements = new ArrayList<>();
	final List<List<Object>> arguments = new ArrayList<>();
	int rowsInserted = 1;

	final JdbcTemplate database = new JdbcTemplate() {
		@Override
		public int update(String sql, Object... args) {
			statements.add(sql);
			arguments.add(List.of(args));
			return rowsInserted;
		}
	};

	final IdempotentInbox adtMessages = IdempotentInbox.hl7v2Messages(database);

	@AfterEach
	void noTransaction() {
		TransactionSynchronizationManager.setActualTransactionActive(false);
	}

	@Test
	void aMessageIsTakenOnceByItsFacilityAndControlIdInTheTransactionThatStoresIt() {
		TransactionSynchronizationManager.setActualTransactionActive(true);

		assertThat(adtMessages.take(List.of("524611000016009", "CTRL-1"), List.of("A01"))).isTrue();
		rowsInserted = 0;
		assertThat(adtMessages.take(List.of("524611000016009", "CTRL-1"), List.of("A01"))).as("the repeat").isFalse();

		assertThat(statements).hasSize(2).first().isEqualTo("INSERT INTO hub_adt_message (sending_facility, control_id, "
				+ "event) VALUES (?, ?, ?) ON CONFLICT (sending_facility, control_id) DO NOTHING");
		assertThat(arguments.get(0)).containsExactly("524611000016009", "CTRL-1", "A01");
	}

	@Test
	void aKeyTakenOutsideTheStoresTransactionWouldOutliveARollbackSoItIsRefused() {
		assertThatThrownBy(() -> adtMessages.take(List.of("524611000016009", "CTRL-1"), List.of("A01")))
				.isInstanceOf(IllegalStateException.class);
		assertThat(statements).isEmpty();
	}

	@Test
	void aKeyIsTheWholeKey() {
		TransactionSynchronizationManager.setActualTransactionActive(true);
		assertThatThrownBy(() -> adtMessages.take(List.of("CTRL-1"), List.of("A01")))
				.as("a control id is unique only at its facility").isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> adtMessages.answer(List.of("524611000016009", "CTRL-1")))
				.as("an ADT repeat is acknowledged, not answered from the table").isInstanceOf(IllegalStateException.class);
		assertThat(statements).isEmpty();
	}
}
