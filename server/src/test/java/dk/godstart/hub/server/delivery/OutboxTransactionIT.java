package dk.godstart.hub.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox row that announces a referral commits with the referral or not at all: an EHR's transaction that fails
 * before commit leaves neither the referral nor an event that would tell anyone about it.
 */
class OutboxTransactionIT extends NorthJutlandScenario {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	IInterceptorService interceptors;


	@Test
	void aCommittedReferralIsAnnouncedExactlyOnce() {
		ServiceRequest referral = network.create(network.referral(network.ditte(), true));
		assertThat(eventsAbout(referral.getIdElement().getIdPart())).isEqualTo(1);
	}

	@Test
	void aWriteThatFailsAfterItsEventWasWrittenLeavesNeitherTheReferralNorTheEvent() {
		ServiceRequest referral = network.referral(network.ditte(), true);
		String identifier = referral.getIdentifierFirstRep().getValue();
		FailingLastStep failAfterOutbox = new FailingLastStep(identifier);
		interceptors.registerInterceptor(failAfterOutbox);
		try {
			assertThatThrownBy(() -> network.create(referral)).isInstanceOf(BaseServerResponseException.class);
		} finally {
			interceptors.unregisterInterceptor(failAfterOutbox);
		}

		assertThat(failAfterOutbox.eventsSeenInTransaction).as("the event was written inside the write's transaction").isEqualTo(1);
		assertThat(storedCount("ServiceRequest", "identifier=" + referral.getIdentifierFirstRep().getSystem() + "|" + identifier))
				.as("nothing stored").isZero();
		assertThat(eventsAbout(failAfterOutbox.referralId)).as("and rolled back with it").isZero();
	}

	/** Stands for anything that fails after the outbox row is written and before commit (a crash, a lost database). */
	@Interceptor
	class FailingLastStep {
		final String identifier;
		String referralId;
		int eventsSeenInTransaction;

		FailingLastStep(String identifier) {
			this.identifier = identifier;
		}

		@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = 1000)
		public void created(IBaseResource resource) {
			if (resource instanceof ServiceRequest referral && identifier.equals(referral.getIdentifierFirstRep().getValue())) {
				referralId = referral.getIdElement().getIdPart();
				eventsSeenInTransaction = eventsAbout(referralId);
				throw new InternalErrorException("Simulated failure before commit");
			}
		}
	}

	private int eventsAbout(String referralId) {
		Integer count = jdbc.queryForObject(
				"SELECT count(*) FROM hub_outbox_event WHERE focus_type = 'ServiceRequest' AND focus_id = ?",
				Integer.class, referralId);
		return count == null ? 0 : count;
	}
}
