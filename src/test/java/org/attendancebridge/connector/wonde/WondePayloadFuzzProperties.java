package org.attendancebridge.connector.wonde;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.MockConnections;
import org.attendancebridge.connector.PayloadFuzzing;
import org.attendancebridge.connector.PayloadMutation;
import org.attendancebridge.connector.ReplayedMis;
import org.attendancebridge.mock.MockCredentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wonde answers gone wrong (students with their includes, session attendance, the code
 * table, deletions; fields dropped or mistyped, pagination broken, bodies cut short or
 * replaced): the reader comes back with what it could use and names what it could not, or
 * fails with a {@code MisHttpException} naming the school. Never another exception, never
 * a hang.
 */
class WondePayloadFuzzProperties extends PayloadFuzzing {

	private static ReplayedMis replay;

	private static ConnectorConfig config;

	private static List<ReplayedMis.Exchanged> answers;

	private static MisRead everything;

	@BeforeContainer
	static void record() {
		replay = new ReplayedMis();
		config = ReplayedMis.config("toolkit", MisKind.WONDE);
		try (MockConnections connections = new MockConnections(6)) {
			replay.record(connections, connections.config("toolkit", MisKind.WONDE, "attendance-toolkit"),
					WondePayloadFuzzProperties::readAll);
		}
		answers = replay.recorded();
		everything = reader().changes(null, null, true);
		assertThat(everything.marks()).hasSizeGreaterThan(100);
	}

	@AfterContainer
	static void stop() {
		replay.close();
	}

	private static WondeReader reader() {
		return new WondeReader(
				new WondeClient(replay.http(config), MisAuth.bearer(MockCredentials.WONDE_TOKEN), "toolkit"), config);
	}

	private static Object readAll() {
		WondeReader reader = reader();
		List<Object> reads = new ArrayList<>();
		reads.add(reader.pupils());
		reads.add(reader.changes(null, null, true));
		reads.add(reader.deletedPupils());
		return reads;
	}

	@Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
	void anyAnswerChangedIsReadOrRefusedWithTheSchool(@ForAll("mutations") PayloadMutation mutation) {
		replay.anyAnswerChanged("toolkit", mutation, WondePayloadFuzzProperties::readAll);
	}

	@Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
	void oneAttendanceRecordChangedLosesNoOther(@ForAll("recordMutations") PayloadMutation mutation) {
		ReplayedMis.Exchanged answer = answers.stream()
			.filter((a) -> a.path().equals("attendance/session"))
			.findFirst()
			.orElseThrow();
		replay.oneRecordChanged("toolkit", answer, "data", mutation, () -> reader().changes(null, null, true),
				everything, 1);
	}

}
