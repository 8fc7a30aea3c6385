package org.attendancebridge.evaluator;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;

import static org.assertj.core.api.Assertions.assertThat;

/** A replay that keeps only recent decisions keeps exactly those a full replay makes. */
class SchoolReplayTests {

	@Test
	void decisionsFromADayOnAreTheSameAsAFullReplaysAndPupilsStayInOrder() {
		Scenario s = Scenario.policy("st-johns-way.yaml").pupil("P1").days(25, "/").then("N N N / /|I");
		s.days(10, "/|I").then("G|/ G|/ / N|/ / / / / /");
		Scenario.Result full = s.asOf(s.lastDay());
		LocalDate from = s.day(30);
		List<Decision> expected = full.decisions.stream().filter((d) -> !d.date().isBefore(from)).toList();
		StageEvaluator evaluator = full.evaluator;
		PupilTrack track = full.tracks.get("P1");
		List<Pupil> pupils = new ArrayList<>();
		List<PupilRegister> registers = new ArrayList<>();
		for (int i = 0; i < 1200; i++) {
			pupils.add(Pupil.of(String.format("P%04d", i), "9", Set.of()));
			registers.add(s.register());
		}
		Clock clock = Clock.fixed(s.lastDay().atTime(23, 0).atZone(Scenario.LONDON).toInstant(), Scenario.LONDON);
		SchoolReplay replay = SchoolReplay.run(evaluator.policy(), evaluator.calendar(), pupils, registers, clock,
				from);
		assertThat(replay.tracks()).hasSize(1200);
		assertThat(replay.decisions()).hasSize(expected.size() * 1200);
		assertThat(replay.decisions().subList(0, expected.size()))
			.extracting(Decision::rule, Decision::date, Decision::explanation)
			.containsExactlyElementsOf(expected.stream()
				.map((d) -> org.assertj.core.groups.Tuple.tuple(d.rule(), d.date(), d.explanation()))
				.toList());
		assertThat(replay.decisions()).extracting(Decision::pupilId).isSorted();
		assertThat(replay.tracks().get(0).stageRank()).isEqualTo(track.stageRank());
	}

}
