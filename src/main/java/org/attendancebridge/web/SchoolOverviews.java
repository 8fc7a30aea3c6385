package org.attendancebridge.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.attendancebridge.evaluator.AbsenceWeeks;
import org.attendancebridge.evaluator.LockstepReplay;
import org.attendancebridge.evaluator.PupilTrack;
import org.attendancebridge.evaluator.StageEvaluator;
import org.attendancebridge.evaluator.StageMoves;
import org.attendancebridge.evaluator.ToolkitReport;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.store.SchoolStore.SchoolRow;

import org.springframework.stereotype.Service;

/**
 * A school's overview: its stored year replayed once, a day at a time, through its policy
 * up to the injected clock's now (stages are not stored), watching this week's stage
 * movements and the absence counts at each week's end on the way.
 */
@Service
public class SchoolOverviews {

	/** Year groups in school order: numbers by value, then anything else by name. */
	static final Comparator<String> YEAR_GROUPS = Comparator.comparing((String year) -> !year.matches("\\d+"))
		.thenComparing((String year) -> year.matches("\\d+") ? Integer.parseInt(year) : 0)
		.thenComparing(Comparator.naturalOrder());

	private final SchoolReads reads;

	public SchoolOverviews(SchoolReads reads) {
		this.reads = reads;
	}

	public SchoolOverview of(SchoolRow school) {
		SchoolReads.SchoolYear year = this.reads.year(school);
		SchoolCalendar calendar = year.roll().calendar();
		StageEvaluator evaluator = new StageEvaluator(year.policy(), calendar, year.clock());
		LocalDate monday = year.today().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		StageMoves moves = new StageMoves(evaluator, calendar.daysUpTo(monday.minusDays(1)));
		AbsenceWeeks absence = new AbsenceWeeks(year.policy(), calendar, evaluator.replayEnd());
		List<PupilTrack> tracks = LockstepReplay.run(evaluator, year.roll().pupils(), year.roll().registers(),
				year.roll().completions(), List.of(moves, absence));
		ToolkitReport toolkit = ToolkitReport.of(year.policy(), tracks);
		List<PupilStanding> standings = SchoolReads.standings(tracks, toolkit, evaluator::levelId);
		Map<String, PupilStanding> byId = new HashMap<>();
		standings.forEach((s) -> byId.put(s.pupilId(), s));
		return new SchoolOverview(year.today(), monday, standings, stages(school, standings),
				movements(moves.moves(), byId), red10(toolkit, byId), absence.weeks());
	}

	private List<StageCount> stages(SchoolRow school, List<PupilStanding> standings) {
		Map<String, String> rags = this.reads.stageRags(school);
		List<StageCount> stages = new ArrayList<>();
		this.reads.stageCounts(school, standings)
			.forEach((stage, pupils) -> stages.add(new StageCount(stage, rags.get(stage), pupils)));
		return stages;
	}

	private static List<StageMovement> movements(List<StageMoves.Move> moves, Map<String, PupilStanding> byId) {
		return moves.stream()
			.map((m) -> new StageMovement(m.date(), m.pupilId(), byId.get(m.pupilId()).yearGroup(), m.from(), m.to(),
					m.up() ? "up" : "down"))
			.toList();
	}

	private static List<Red10Entry> red10(ToolkitReport toolkit, Map<String, PupilStanding> byId) {
		List<String> years = new ArrayList<>(toolkit.red10ByYearGroup().keySet());
		years.sort(YEAR_GROUPS);
		List<Red10Entry> entries = new ArrayList<>();
		for (String year : years) {
			List<String> pupils = toolkit.red10ByYearGroup().get(year);
			for (int i = 0; i < pupils.size(); i++) {
				PupilStanding p = byId.get(pupils.get(i));
				entries.add(new Red10Entry(year, i + 1, p.pupilId(), p.registrationGroup(), p.attendancePct(),
						p.possibleSessions(), p.stage(), p.rag()));
			}
		}
		return entries;
	}

}
