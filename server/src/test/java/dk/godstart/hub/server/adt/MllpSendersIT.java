package dk.godstart.hub.server.adt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.HubIntegrationTest;
import dk.godstart.hub.server.support.MllpClient;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who may speak HL7 v2: Aalborg's patient administration system sends over TLS with its certificate, which may send
 * as Aalborg's family ambulatory and as no other hospital; whoever cannot show a certificate the hub trusts gets no
 * further than the handshake; and hostile connections (silent, trickling, never-ending, plaintext on the TLS port)
 * are cut off by the listener's timeouts without keeping a well-behaved sender out. Prints
 * "drill mllp-senders: passed - counts".
 */
class MllpSendersIT extends HubIntegrationTest {

	/** Aalborg's family ambulatory (seeded on the demo profile): the PAS certificate's one organisation. */
	static final String AALBORG_WARD = "524611000016009";
	/** Aalborg's obstetrics department: in the directory, but not the PAS certificate's. */
	static final String AALBORG_OBSTETRICS = "524641000016007";

	static final SSLContext AALBORG_PAS = MllpClient.tls("classpath:mllp-tls/aalborg-pas.crt",
			"classpath:mllp-tls/aalborg-pas.key", "classpath:mllp-tls/ca.crt");
	static final SSLContext NO_CERTIFICATE = MllpClient.tls(null, null, "classpath:mllp-tls/ca.crt");
	/** Self-signed, with the very subject of Aalborg's PAS certificate: copying a DN is not enough. */
	static final SSLContext ROGUE = MllpClient.tls("classpath:mllp-tls/rogue.crt", "classpath:mllp-tls/rogue.key",
			"classpath:mllp-tls/ca.crt");

	static final AtomicInteger accepted = new AtomicInteger();
	static final AtomicInteger refused = new AtomicInteger();
	static final AtomicInteger cutOff = new AtomicInteger();
	static final List<String> failures = new ArrayList<>();

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aalborgsPasSendsForItsWardOverTls() {
		Adt admission = new Adt("A01", AALBORG_WARD, newCpr());
		try (MllpClient pas = new MllpClient(mllpTlsPort(), AALBORG_PAS)) {
			String ack = pas.send(admission.text());
			assertThat(MllpClient.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
			accepted.incrementAndGet();
		}
		assertThat(storedCount("Patient", "identifier=" + GodStartIg.CPR_SYSTEM + "|" + admission.cpr)).isEqualTo(1);
	}

	@Test
	void aalborgsPasMayNotSendAsAnotherDepartment() {
		Adt admission = new Adt("A01", AALBORG_OBSTETRICS, newCpr());
		try (MllpClient pas = new MllpClient(mllpTlsPort(), AALBORG_PAS)) {
			String ack = pas.send(admission.text());
			assertThat(MllpClient.field(ack, "MSA", 1)).as(ack).isEqualTo("AR");
			assertThat(MllpClient.field(ack, "MSA", 2)).isEqualTo(admission.controlId);
			assertThat(MllpClient.field(ack, "ERR", 8)).contains("may not send for MSH-4 sending facility "
					+ AALBORG_OBSTETRICS).contains(AALBORG_WARD);
			refused.incrementAndGet();

			Adt own = new Adt("A01", AALBORG_WARD, newCpr());
			assertThat(MllpClient.field(pas.send(own.text()), "MSA", 1)).as("the connection stays usable").isEqualTo("AA");
			accepted.incrementAndGet();
		}
		assertThat(storedCount("Patient", "identifier=" + GodStartIg.CPR_SYSTEM + "|" + admission.cpr))
				.as("nothing of the refused message is stored").isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM hub_adt_message WHERE control_id = ?", Integer.class,
				admission.controlId)).isZero();
		List<String> audited = jdbc.queryForList("SELECT client || ' ' || organisation || ' ' || outcome FROM "
				+ "hub_audit_record WHERE subtype = ? AND CAST(audit_event AS text) LIKE ?", String.class,
				AuditedAdtSenders.SUBTYPE, "%" + admission.controlId + "%");
		assertThat(audited).as("the refusal is in the audit trail").hasSize(1);
		assertThat(audited.get(0)).contains("CN=pas.aalborg.test").contains(AALBORG_OBSTETRICS);
		// and an auditor finds it as the README says: AuditEvent?subtype=hl7v2-sender-refused
		org.hl7.fhir.r4.model.Bundle found = clientFor(null, List.of("system/AuditEvent.rs")).search()
				.byUrl("AuditEvent?subtype=" + AuditedAdtSenders.SUBTYPE + "&_count=200")
				.returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute();
		assertThat(found.getEntry()).isNotEmpty();
		assertThat(found.getEntry()).allSatisfy(entry -> assertThat(((org.hl7.fhir.r4.model.AuditEvent) entry.getResource())
				.getSubtype()).anyMatch(code -> AuditedAdtSenders.SUBTYPE.equals(code.getCode())));
		assertThat(found.getEntry()).anySatisfy(entry -> assertThat(fhirContext.newJsonParser()
				.encodeResourceToString(entry.getResource())).contains(admission.controlId));
	}

	static Stream<Named<IntConsumer>> withoutATrustedCertificate() {
		return Stream.of(
				Named.of("a TLS client without a certificate", port -> new MllpClient(port, NO_CERTIFICATE)
						.send(new Adt("A01", AALBORG_WARD, newCpr()).text())),
				Named.of("a TLS client with an untrusted certificate", port -> new MllpClient(port, ROGUE)
						.send(new Adt("A01", AALBORG_WARD, newCpr()).text())),
				Named.of("a plaintext client on the TLS port", port -> new MllpClient(port)
						.send(new Adt("A01", AALBORG_WARD, newCpr()).text())));
	}

	@ParameterizedTest(name = "{0} is not answered")
	@MethodSource
	void withoutATrustedCertificate(IntConsumer sender) {
		assertThatThrownBy(() -> sender.accept(mllpTlsPort())).as("the connection ends without an acknowledgement")
				.isInstanceOf(RuntimeException.class);
		cutOff.incrementAndGet();
		assertWellBehavedSenderIsServed();
	}

	@Test
	void aMessageWrittenOneByteAtATimeOverTlsIsAnsweredAsUsual() {
		Adt admission = new Adt("A01", AALBORG_WARD, newCpr());
		try (MllpClient pas = new MllpClient(mllpTlsPort(), AALBORG_PAS)) {
			for (byte b : MllpClient.frame(admission.text())) {
				pas.write(new byte[] {b}); // each its own write, flushed: its own TLS record
			}
			assertThat(MllpClient.field(pas.readAcknowledgement(), "MSA", 1)).isEqualTo("AA");
			accepted.incrementAndGet();
		}
	}

	@Test
	void aFrameTrickledSlowerThanTheReadTimeoutIsDropped() throws Exception {
		try (MllpClient slow = new MllpClient(mllpPort())) {
			byte[] frame = MllpClient.frame(new Adt("A01", AALBORG_WARD, newCpr()).text());
			slow.write(Arrays.copyOfRange(frame, 0, 20));
			long started = System.nanoTime();
			boolean closed = false;
			for (int i = 20; i < frame.length && !closed; i++) {
				closed = slow.closedByHub(Duration.ofSeconds(3)); // one byte every 3 s (read-timeout: 2 s)
				if (!closed) {
					slow.write(new byte[] {frame[i]});
				}
			}
			assertThat(closed).as("the hub cut the trickle off").isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			cutOff.incrementAndGet();
		}
		assertWellBehavedSenderIsServed();
	}

	/**
	 * A start block and then data without end: the hub reads at most max-message-size (1 MB) of it and stops, so the
	 * writer stalls (its socket buffers full) long before 8 MB, and the hub goes on serving the hospitals.
	 */
	@Test
	void aFrameThatNeverEndsIsReadOnlyUpToTheMaximumSize() throws Exception {
		java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
		try (Socket socket = new Socket("127.0.0.1", mllpPort())) {
			Thread writer = new Thread(() -> {
				try {
					OutputStream out = socket.getOutputStream();
					out.write(MllpClient.START);
					byte[] segment = "OBX|1|TX|||never ending\r".getBytes(StandardCharsets.ISO_8859_1);
					while (written.get() < 64L * 1024 * 1024) {
						out.write(segment);
						written.addAndGet(segment.length);
					}
				} catch (java.io.IOException closed) {
					// the hub closed the connection, or the test did
				}
			});
			writer.setDaemon(true);
			writer.start();
			long[] last = {-1};
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
				long now = written.get();
				boolean stalled = now == last[0] || !writer.isAlive();
				last[0] = now;
				return stalled;
			});
			assertThat(written.get()).as("the hub stopped taking the frame soon after max-message-size")
					.isLessThan(8L * 1024 * 1024);
			cutOff.incrementAndGet();
			assertWellBehavedSenderIsServed();
		}
	}

	/**
	 * max-connections sockets that connect and say nothing (on the TLS port: not even a handshake) are closed after
	 * receive-timeout, and a hospital is served again.
	 */
	@Test
	void silentConnectionsCannotKeepTheHospitalsOut() throws Exception {
		int maxConnections = 10;
		List<Socket> silent = new ArrayList<>();
		try {
			for (int i = 0; i < maxConnections + 2; i++) {
				silent.add(new Socket("127.0.0.1", mllpTlsPort()));
			}
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
					assertThat(silent.stream().filter(MllpSendersIT::closedByHub).count())
							.as("silent connections closed by the hub").isEqualTo(silent.size()));
			cutOff.addAndGet(silent.size());
			assertWellBehavedSenderIsServed();
		} finally {
			for (Socket socket : silent) {
				socket.close();
			}
		}
	}

	private static boolean closedByHub(Socket socket) {
		try {
			socket.setSoTimeout(50);
			return socket.getInputStream().read() < 0;
		} catch (java.net.SocketTimeoutException open) {
			return false;
		} catch (java.io.IOException reset) {
			return true;
		}
	}

	/** A hospital sending as it should is answered: the hostile input before it left nothing behind. */
	private void assertWellBehavedSenderIsServed() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			try (MllpClient pas = new MllpClient(mllpTlsPort(), AALBORG_PAS)) {
				assertThat(MllpClient.field(pas.send(new Adt("A01", AALBORG_WARD, newCpr()).text()), "MSA", 1))
						.isEqualTo("AA");
			}
		});
		accepted.incrementAndGet();
	}

	@AfterAll
	static void summary() {
		System.out.printf("drill mllp-senders: %s - %d messages accepted over TLS, %d refused AR for a facility not "
						+ "the certificate's (audited, nothing stored), %d hostile connections cut off%n",
				failures.isEmpty() ? "passed" : "FAILED " + failures, accepted.get(), refused.get(), cutOff.get());
		assertThat(failures).isEmpty();
	}
}
