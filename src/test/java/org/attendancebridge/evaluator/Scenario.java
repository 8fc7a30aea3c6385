package org.attendancebridge.evaluator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.model.Session;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyLoader;

/**
 * Builds a register by hand for scenario tests: school days are weekdays from a start
 * date (holidays are skipped by {@link #holiday}), each written as a token: one code for
 * both sessions ({@code /}, {@code N}, {@code I}) or {@code AM|PM} ({@code N|/}).
 */
final class Scenario {

	static final ZoneId LONDON = ZoneId.of("Europe/London");

	private final Policy policy;

	private final Map<String, Pupil> pupils = new LinkedHashMap<>();

	private final Map<String, Map<LocalDate, DfeCode[]>> marks = new LinkedHashMap<>();

	private final List<TaskCompletions.Completion> completions = new ArrayList<>();

	private LocalDate cursor;

	private String current;

	private Scenario(Policy policy) {
		this.policy = policy;
	}

	static Scenario policy(String file) {
		return new Scenario(PolicyLoader.loadFile(Path.of("policies", file)));
	}

	Scenario pupil(String id, PupilFlag... flags) {
		this.pupils.put(id, Pupil.of(id, "9", Set.of(flags)));
		this.marks.put(id, new LinkedHashMap<>());
		this.current = id;
		this.cursor = LocalDate.of(2024, 9, 2);
		return this;
	}

	/** Days of the current pupil, e.g. {@code days(19, "/")}. */
	Scenario days(int count, String token) {
		for (int i = 0; i < count; i++) {
			day(token);
		}
		return this;
	}

	/** One day per token, separated by spaces. */
	Scenario then(String tokens) {
		for (String token : tokens.trim().split("\\s+")) {
			day(token);
		}
		return this;
	}

	/** The current pupil's task of a level's monitoring period was completed that day. */
	Scenario completed(String rule, LocalDate on) {
		this.completions.add(new TaskCompletions.Completion(this.current, rule, null, on));
		return this;
	}

	/** Skips school weeks (a holiday) for the current pupil. */
	Scenario holiday(int weeks) {
		skipWeekend();
		this.cursor = this.cursor.plusWeeks(weeks);
		return this;
	}

	private void day(String token) {
		skipWeekend();
		String[] parts = token.split("\\|");
		DfeCode am = DfeCode.of(parts[0], this.cursor);
		DfeCode pm = DfeCode.of((parts.length > 1) ? parts[1] : (parts[0].equals("/") ? "\\" : parts[0]), this.cursor);
		this.marks.get(this.current).put(this.cursor, new DfeCode[] { am, pm });
		this.cursor = this.cursor.plusDays(1);
	}

	private void skipWeekend() {
		while (this.cursor.getDayOfWeek() == DayOfWeek.SATURDAY || this.cursor.getDayOfWeek() == DayOfWeek.SUNDAY) {
			this.cursor = this.cursor.plusDays(1);
		}
	}

	/** The current pupil's register on the calendar of every pupil's days. */
	PupilRegister register() {
		TreeSet<LocalDate> days = new TreeSet<>();
		this.marks.values().forEach((m) -> days.addAll(m.keySet()));
		SchoolCalendar calendar = SchoolCalendar.of(days, this.policy.settings().yearStart());
		PupilRegister register = new PupilRegister(calendar.size());
		this.marks.get(this.current).forEach((day, codes) -> {
			register.put(calendar.indexOf(day), Session.AM, codes[0]);
			register.put(calendar.indexOf(day), Session.PM, codes[1]);
		});
		return register;
	}

	/** Every pupil, in the order written. */
	List<Pupil> pupils() {
		return List.copyOf(this.pupils.values());
	}

	/** Every pupil's register on the calendar of every pupil's days, in pupil order. */
	List<PupilRegister> registers() {
		String current = this.current;
		List<PupilRegister> registers = new ArrayList<>();
		for (String pupil : this.pupils.keySet()) {
			this.current = pupil;
			registers.add(register());
		}
		this.current = current;
		return registers;
	}

	/** A pupil's codes as written: AM and PM by school day. */
	Map<LocalDate, DfeCode[]> codes(String pupil) {
		return this.marks.get(pupil);
	}

	Policy policy() {
		return this.policy;
	}

	/** The last school day written for the current pupil. */
	LocalDate lastDay() {
		return this.marks.get(this.current).keySet().stream().max(LocalDate::compareTo).orElseThrow();
	}

	/** The n-th school day (1-based) of the current pupil. */
	LocalDate day(int n) {
		return new ArrayList<>(this.marks.get(this.current).keySet()).get(n - 1);
	}

	Result asOf(LocalDate date) {
		return asOf(date, LocalTime.of(23, 59, 59));
	}

	Result asOf(LocalDate date, LocalTime time) {
		return replay(date, time, false);
	}

	/** Like {@link #asOf(LocalDate)}, but advances each track one school day per call. */
	Result asOfDayByDay(LocalDate date) {
		return replay(date, LocalTime.of(23, 59, 59), true);
	}

	private Result replay(LocalDate date, LocalTime time, boolean dayByDay) {
		TreeSet<LocalDate> days = new TreeSet<>();
		this.marks.values().forEach((m) -> days.addAll(m.keySet()));
		SchoolCalendar calendar = SchoolCalendar.of(days, this.policy.settings().yearStart());
		Clock clock = Clock.fixed(date.atTime(time).atZone(LONDON).toInstant(), LONDON);
		StageEvaluator evaluator = new StageEvaluator(this.policy, calendar, clock);
		Result result = new Result(evaluator, date);
		for (Pupil pupil : this.pupils.values()) {
			PupilRegister register = new PupilRegister(calendar.size());
			this.marks.get(pupil.id()).forEach((day, codes) -> {
				register.put(calendar.indexOf(day), Session.AM, codes[0]);
				register.put(calendar.indexOf(day), Session.PM, codes[1]);
			});
			PupilTrack track = evaluator.track(pupil, TaskCompletions.of(this.completions));
			if (dayByDay) {
				for (int day = 1; day <= evaluator.replayEnd(); day++) {
					evaluator.advance(track, register, day, result.decisions::add);
					assertNextDay(track, day);
				}
			}
			else {
				evaluator.advance(track, register, result.decisions::add);
			}
			result.tracks.put(pupil.id(), track);
		}
		return result;
	}

	private static void assertNextDay(PupilTrack track, int day) {
		if (track.nextDay() != day) {
			throw new AssertionError("track stopped at day " + track.nextDay() + ", expected " + day);
		}
	}

	static final class Result {

		final StageEvaluator evaluator;

		final LocalDate asOf;

		final List<Decision> decisions = new ArrayList<>();

		final Map<String, PupilTrack> tracks = new LinkedHashMap<>();

		Result(StageEvaluator evaluator, LocalDate asOf) {
			this.evaluator = evaluator;
			this.asOf = asOf;
		}

		String stage(String pupil) {
			return this.evaluator.levelId(this.tracks.get(pupil).stageRank());
		}

		double pct(String pupil) {
			return this.tracks.get(pupil).attendancePct();
		}

		/** Rule ids that fired for the pupil on the as-of day. */
		List<String> fired(String pupil) {
			return this.decisions.stream()
				.filter((d) -> d.pupilId().equals(pupil) && d.date().equals(this.asOf))
				.map(Decision::rule)
				.toList();
		}

		/** Every decision for the pupil over the replay, as "date rule". */
		List<String> history(String pupil) {
			return this.decisions.stream()
				.filter((d) -> d.pupilId().equals(pupil))
				.map((d) -> d.date() + " " + d.rule())
				.toList();
		}

		Decision decision(String pupil, String rule) {
			return this.decisions.stream()
				.filter((d) -> d.pupilId().equals(pupil) && d.rule().equals(rule) && d.date().equals(this.asOf))
				.findFirst()
				.orElseThrow(() -> new AssertionError(
						rule + " did not fire on " + this.asOf + "; fired: " + history(pupil)));
		}

		/** The first time a rule fired over the replay, for any pupil. */
		Decision first(String rule) {
			return this.decisions.stream()
				.filter((d) -> d.rule().equals(rule))
				.findFirst()
				.orElseThrow(() -> new AssertionError(rule + " never fired; decisions: "
						+ this.decisions.stream().map((d) -> d.date() + " " + d.rule()).toList()));
		}

		/** "kind recipient template" of the actions of a rule fired on the as-of day. */
		List<String> actions(String pupil, String rule) {
			return decision(pupil, rule).actions()
				.stream()
				.map((a) -> a.kind().id() + " " + a.recipient() + " " + a.template())
				.toList();
		}

	}

}
