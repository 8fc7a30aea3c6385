package org.attendancebridge.evaluator;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import org.attendancebridge.model.CodeCategory;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.SchoolCalendar;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A school replayed a day at a time ends as a replay to the end does, and its watchers
 * see the week's stage moves that replays to each day show, and the persistent and severe
 * absence that the register's codes give at each week's end.
 */
class LockstepReplayTests {

	/**
	 * Five weeks and a holiday week, then a sixth: P1 falls through the ladder in it, P2
	 * climbs out of persistent absence, P3 is away half the time throughout.
	 */
	private static Scenario school() {
		Scenario s = Scenario.policy("st-johns-way.yaml");
		s.pupil("P1").days(20, "/").holiday(1).then("/ / / / /  / I I I I");
		s.pupil("P2").then("I I I / /").days(15, "/").holiday(1).days(10, "/");
		s.pupil("P3").days(15, "I|/").then("I I I I I").holiday(1).days(10, "/|I");
		return s;
	}

	private static Clock endOf(LocalDate day) {
		return Clock.fixed(day.atTime(23, 0).atZone(Scenario.LONDON).toInstant(), Scenario.LONDON);
	}

	@Test
	void tracksEndAsAReplayToTheEndLeavesThem() {
		Scenario s = school();
		Scenario.Result full = s.asOf(s.lastDay());
		List<PupilTrack> tracks = LockstepReplay.run(full.evaluator, s.pupils(), s.registers(), TaskCompletions.NONE,
				List.of());
		for (PupilTrack track : tracks) {
			PupilTrack expected = full.tracks.get(track.pupil().id());
			assertThat(track.stageRank()).as(track.pupil().id()).isEqualTo(expected.stageRank());
			assertThat(track.stats()).as(track.pupil().id()).isEqualTo(expected.stats());
			assertThat(track.nextDay()).isEqualTo(expected.nextDay());
		}
	}

	@Test
	void theWeeksMovesAreTheChangesBetweenReplaysToEachDay() {
		Scenario s = school();
		LocalDate last = s.lastDay();
		Scenario.Result full = s.asOf(last);
		SchoolCalendar calendar = full.evaluator.calendar();
		LocalDate monday = last.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		StageMoves moves = new StageMoves(full.evaluator, calendar.daysUpTo(monday.minusDays(1)));
		LockstepReplay.run(full.evaluator, s.pupils(), s.registers(), TaskCompletions.NONE, List.of(moves));

		// Each day of the week replayed on its own, against the day before it.
		List<StageMoves.Move> expected = new ArrayList<>();
		int first = calendar.daysUpTo(monday.minusDays(1));
		Scenario.Result before = s.asOf(calendar.day(first - 1));
		for (int day = first; day < calendar.size(); day++) {
			Scenario.Result after = s.asOf(calendar.day(day));
			for (Pupil pupil : s.pupils()) {
				String from = before.stage(pupil.id());
				String to = after.stage(pupil.id());
				if (!Objects.equals(from, to)) {
					expected.add(new StageMoves.Move(pupil.id(), calendar.day(day), from, to,
							after.tracks.get(pupil.id()).stageRank() > before.tracks.get(pupil.id()).stageRank()));
				}
			}
			before = after;
		}
		assertThat(moves.moves()).containsExactlyElementsOf(expected);
		assertThat(moves.moves()).extracting(StageMoves.Move::up).contains(true, false);
		assertThat(moves.moves()).extracting(StageMoves.Move::date).allMatch((d) -> !d.isBefore(monday));
	}

	@Test
	void eachWeeksPersistentAndSevereAbsenceIsWhatTheCodesGive() {
		Scenario s = school();
		LocalDate last = s.lastDay();
		// Wednesday of the last week: its count is now, part of a week.
		LocalDate now = last.minusDays(2);
		Scenario.Result asOfNow = s.asOf(now);
		StageEvaluator evaluator = new StageEvaluator(s.policy(), asOfNow.evaluator.calendar(), endOf(now));
		AbsenceWeeks weeks = new AbsenceWeeks(s.policy(), evaluator.calendar(), evaluator.replayEnd());
		LockstepReplay.run(evaluator, s.pupils(), s.registers(), TaskCompletions.NONE, List.of(weeks));

		int minimum = s.policy().settings().minimumPossibleSessions();
		List<AbsenceWeeks.Week> expected = new ArrayList<>();
		SchoolCalendar calendar = evaluator.calendar();
		for (int day = 0; day < evaluator.replayEnd(); day++) {
			LocalDate date = calendar.day(day);
			boolean weekEnds = day == evaluator.replayEnd() - 1 || calendar.weekOf(day + 1) != calendar.weekOf(day);
			if (!weekEnds) {
				continue;
			}
			int pupils = 0;
			int rated = 0;
			int pa = 0;
			int sa = 0;
			for (Pupil pupil : s.pupils()) {
				int possible = 0;
				int absent = 0;
				for (Map.Entry<LocalDate, DfeCode[]> marks : s.codes(pupil.id()).entrySet()) {
					if (marks.getKey().isAfter(date)) {
						continue;
					}
					for (DfeCode code : marks.getValue()) {
						CodeCategory category = code.category();
						possible += category.isPossible() ? 1 : 0;
						absent += (category == CodeCategory.AUTHORISED_ABSENCE
								|| category == CodeCategory.UNAUTHORISED_ABSENCE) ? 1 : 0;
					}
				}
				pupils += (possible > 0) ? 1 : 0;
				if (possible >= minimum) {
					rated++;
					pa += (absent * 100.0 / possible >= 10) ? 1 : 0;
					sa += (absent * 100.0 / possible >= 50) ? 1 : 0;
				}
			}
			LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			boolean termEnds = day + 1 < calendar.size() && calendar.day(day + 1).isAfter(monday.plusDays(13));
			expected.add(new AbsenceWeeks.Week(monday, date, termEnds, pupils, rated, pa, sa));
		}
		assertThat(weeks.weeks()).containsExactlyElementsOf(expected);
		assertThat(weeks.weeks().get(weeks.weeks().size() - 1).through()).isEqualTo(now);
		assertThat(weeks.weeks()).extracting(AbsenceWeeks.Week::endsTerm).containsOnlyOnce(true);
		assertThat(weeks.weeks()).extracting(AbsenceWeeks.Week::pa).anyMatch((n) -> n > 0);
		assertThat(weeks.weeks()).extracting(AbsenceWeeks.Week::sa).anyMatch((n) -> n > 0);
	}

}
