package dk.godstart.hub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.routes.adt.AdtAcknowledgements;
import dk.godstart.hub.routes.adt.AdtIntake;
import dk.godstart.hub.routes.adt.AdtMessage;
import dk.godstart.hub.routes.adt.AdtReader;
import dk.godstart.hub.routes.adt.AdtStore;
import dk.godstart.hub.routes.store.StoreFailure;
import dk.godstart.hub.routes.store.StoreSpace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * The intake while the store's disk is nearly full or PostgreSQL is away: the ward's admission is answered AE and
 * nothing is stored, so the ward sends it again.
 */
class AdtIntakeTest {

	private final List<AdtMessage> stored = new ArrayList<>();
	private final AdtStore store = message -> {
		stored.add(message);
		return AdtStore.Outcome.STORED;
	};
	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
	private final byte[] admission = Hl7Adt.of("A01", "1403961234", "V1").text().getBytes(StandardCharsets.ISO_8859_1);

	@Test
	void anAdmissionWhileTheStoreIsFullIsAnsweredAeSoTheWardSendsItAgain() {
		AdtIntake intake = intake(entryPoint -> Optional.of(StoreFailure.FULL));

		String ack = intake.receive(admission);

		assertThat(ack).contains("MSA|AE|").contains("no space left").contains("send the message again");
		assertThat(stored).isEmpty();
		assertThat(registry.get("godstart.adt.messages").tag("outcome", "failed").tag("detail", "FULL").counter().count())
				.isEqualTo(1);
	}

	@Test
	void theSameAdmissionOnceThereIsRoomIsStoredAndAnsweredAa() {
		AdtIntake intake = intake(StoreSpace.NONE);

		String ack = intake.receive(admission);

		assertThat(ack).contains("MSA|AA|");
		assertThat(stored).hasSize(1);
	}

	@Test
	void anAdmissionWhilePostgresIsAwayIsAnsweredAeNeverAa() {
		AdtStore away = message -> {
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
					new SQLTransientConnectionException("The store is unavailable", "08001"));
		};
		AdtIntake intake = new AdtIntake(new AdtReader(), away, new AdtAcknowledgements(Clock.systemUTC()), registry,
				StoreSpace.NONE);

		String ack = intake.receive(admission);

		assertThat(ack).contains("MSA|AE|").contains("unavailable").contains("send it again").doesNotContain("JDBC");
		assertThat(registry.get("godstart.adt.messages").tag("outcome", "failed").tag("detail", "UNAVAILABLE").counter()
				.count()).isEqualTo(1);
	}

	private AdtIntake intake(StoreSpace space) {
		return new AdtIntake(new AdtReader(), store, new AdtAcknowledgements(Clock.systemUTC()), registry, space);
	}
}
