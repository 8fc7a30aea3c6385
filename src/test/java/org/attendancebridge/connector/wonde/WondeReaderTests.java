package org.attendancebridge.connector.wonde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.MockConnections;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.FaultSwitch;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;

import static org.assertj.core.api.Assertions.assertThat;

/** The Wonde reader against the mock Wonde, paging faults included. */
class WondeReaderTests {

	private static MockConnections connections;

	private static WondeReader reader;

	private static SchoolState school;

	@BeforeAll
	static void start() {
		connections = new MockConnections(60);
		school = connections.mock.school("toolkit");
		ConnectorConfig config = connections.config("toolkit", MisKind.WONDE, "attendance-toolkit");
		reader = new WondeReader(
				new WondeClient(connections.http(config), MisAuth.bearer(MockCredentials.WONDE_TOKEN), "toolkit"),
				config);
	}

	@AfterAll
	static void stop() {
		connections.close();
	}

	@Test
	void everyPupilArrivesWithYearFlagsAndContacts() {
		List<RejectedRecord> rejected = new ArrayList<>();
		Map<String, Pupil> pupils = reader.pupils(rejected::add)
			.stream()
			.collect(Collectors.toMap(Pupil::id, Function.identity()));
		assertThat(pupils).hasSize(60);
		assertThat(rejected).isEmpty();
		List<MockPupil> expected = school.pupils();
		for (MockPupil p : expected) {
			Pupil pupil = pupils.values()
				.stream()
				.filter((q) -> p.upn().equals(q.upn()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no pupil with the UPN of mock pupil " + p.id()));
			assertThat(pupil.yearGroup()).isEqualTo(p.yearGroup());
			assertThat(pupil.flags()).isEqualTo(p.flags());
			assertThat(pupil.contacts()).extracting((c) -> c.phone())
				.containsExactlyInAnyOrderElementsOf(p.contacts().stream().map((c) -> c.mobile()).toList());
		}
	}

	@Test
	void everyMarkArrivesOnceEvenWhenPagesShiftOrNextIsMissing() {
		connections.mock.switchOn(FaultSwitch.of("wonde", "toolkit", FaultKind.DUPLICATE_ACROSS_PAGES));
		connections.mock.switchOn(FaultSwitch.of("wonde", "toolkit", FaultKind.MORE_WITHOUT_NEXT));
		try {
			MisRead read = reader.changes(null, null, true);
			List<RegisterMark> expected = school.marks((m) -> !m.code().equals(SchoolState.UNKNOWN_CODE));
			assertThat(read.marks()).hasSize(expected.size());
			assertThat(read.marks().stream().map(Mark::sourceMarkId).distinct()).hasSize(expected.size());
			assertThat(read.watermark()).isNotNull();
			// Nothing changed since: only the minute of overlap comes again, if anything.
			MisRead again = reader.changes(read.watermark(), null, false);
			assertThat(again.marks().size()).isLessThan(read.marks().size() / 10 + 1);
			assertThat(again.watermark()).isEqualTo(read.watermark());
		}
		finally {
			connections.mock.clearFaults();
		}
	}

	@Test
	void aCorrectionShowsInTheNextChanges() {
		MisRead before = reader.changes(null, null, true);
		RegisterMark any = school.marks((m) -> m.code().equals("N")).get(0);
		school.amend(any.pupilId(), any.date(), any.session(), "I", null, "ill");
		MisRead after = reader.changes(before.watermark(), null, false);
		assertThat(after.marks()).anySatisfy((m) -> {
			assertThat(m.date()).isEqualTo(any.date());
			assertThat(m.session()).isEqualTo(any.session());
			assertThat(m.code().symbol()).isEqualTo("I");
		});
		assertThat(after.watermark()).isGreaterThan(before.watermark());
	}

}
