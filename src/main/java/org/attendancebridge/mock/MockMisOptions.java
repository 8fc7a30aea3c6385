package org.attendancebridge.mock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.mock.school.SchoolSpec;

/**
 * How to start the mock MIS: port (0 picks a free one), generator seed, where the
 * simulated clock starts and how fast it runs, the schools, and any further systems (an
 * SMS gateway, CPOMS) to serve beside the MIS, and how many requests the journal keeps.
 */
public record MockMisOptions(int port, long seed, Instant start, double speed, List<SchoolSpec> schools,
		List<MockSystem> systems, int journalEntries) {

	public MockMisOptions {
		schools = List.copyOf(schools);
		systems = List.copyOf(systems);
	}

	/**
	 * Five schools at their full rolls, seed 1, the clock at Monday 11 November 08:40,
	 * real time.
	 */
	public static MockMisOptions defaults() {
		return new MockMisOptions(0, 1, MockClock.DEFAULT_START, 1, SchoolSpec.defaults(), List.of(), 10_000);
	}

	/**
	 * With the SMS gateway (Notify's shape), CPOMS and a mail server (SMTP on a free
	 * port) beside the MIS, on the mock's demo credentials. The gateway checks tokens
	 * against the real clock (its clients sign with it) and moves texts on in real
	 * seconds.
	 */
	public MockMisOptions withGateways() {
		return with(new org.attendancebridge.mock.notify.NotifyMock(org.attendancebridge.mock.notify.NotifyConfig
			.of(MockCredentials.NOTIFY_SERVICE_ID, MockCredentials.NOTIFY_SECRET_KEY), java.time.Clock::systemUTC))
			.with(new org.attendancebridge.mock.cpoms.CpomsMock(MockCredentials.CPOMS_TOKEN,
					java.time.Clock::systemUTC))
			.with(new org.attendancebridge.mock.mail.MockMailServer(0, java.time.Clock::systemUTC));
	}

	/**
	 * How many requests WireMock's journal keeps (with their responses) for
	 * {@code /__admin/requests}; 0 keeps none. A benchmark's thousands of pages would
	 * otherwise stay in memory.
	 */
	public MockMisOptions withJournal(int entries) {
		return new MockMisOptions(this.port, this.seed, this.start, this.speed, this.schools, this.systems, entries);
	}

	public MockMisOptions withPort(int port) {
		return new MockMisOptions(port, this.seed, this.start, this.speed, this.schools, this.systems,
				this.journalEntries);
	}

	public MockMisOptions withSeed(long seed) {
		return new MockMisOptions(this.port, seed, this.start, this.speed, this.schools, this.systems,
				this.journalEntries);
	}

	public MockMisOptions withStart(Instant start) {
		return new MockMisOptions(this.port, this.seed, start, this.speed, this.schools, this.systems,
				this.journalEntries);
	}

	public MockMisOptions withSpeed(double speed) {
		return new MockMisOptions(this.port, this.seed, this.start, speed, this.schools, this.systems,
				this.journalEntries);
	}

	public MockMisOptions withSchools(List<SchoolSpec> schools) {
		return new MockMisOptions(this.port, this.seed, this.start, this.speed, schools, this.systems,
				this.journalEntries);
	}

	/** Every school with the same small roll: what tests want. */
	public MockMisOptions withRoll(int roll) {
		return withSchools(this.schools.stream().map(s -> s.withRoll(roll)).toList());
	}

	public MockMisOptions with(MockSystem system) {
		List<MockSystem> more = new ArrayList<>(this.systems);
		more.add(system);
		return new MockMisOptions(this.port, this.seed, this.start, this.speed, this.schools, more,
				this.journalEntries);
	}

}
