package org.attendancebridge.action;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.attendancebridge.evaluator.TaskCompletions;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.model.Session;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Only today's decisions become actions, each with a key that a replay reproduces. */
class ActionPlannerTests {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	private final Policy policy = PolicyLoader.loadFile(Path.of("policies/st-johns-way.yaml"));

	private final List<LocalDate> days = new ArrayList<>();

	private SchoolCalendar calendar;

	/** Twenty school days from 2 September 2024: present for 19, then {@code today}. */
	private PupilRegister register(DfeCode todayAm, DfeCode todayPm) {
		LocalDate day = LocalDate.of(2024, 9, 2);
		while (this.days.size() < 20) {
			if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
				this.days.add(day);
			}
			day = day.plusDays(1);
		}
		this.calendar = SchoolCalendar.of(this.days);
		PupilRegister register = new PupilRegister(20);
		for (int d = 0; d < 19; d++) {
			register.put(d, Session.AM, DfeCode.PRESENT_AM);
			register.put(d, Session.PM, DfeCode.PRESENT_PM);
		}
		register.put(19, Session.AM, todayAm);
		register.put(19, Session.PM, todayPm);
		return register;
	}

	private List<PlannedAction> planAt(PupilRegister register, LocalTime time) {
		Clock clock = Clock.fixed(this.days.get(19).atTime(time).atZone(LONDON).toInstant(), LONDON);
		Pupil pupil = Pupil.of("p-1", "9", Set.of());
		return ActionPlanner.plan("st-johns", LONDON, this.policy, this.calendar, List.of(pupil), List.of(register),
				TaskCompletions.NONE, clock);
	}

	@Test
	void anUnexplainedAbsenceIsTextedOnceHalfPastNineHasCome() {
		PupilRegister register = register(DfeCode.N, DfeCode.N);
		assertThat(planAt(register, LocalTime.of(9, 0))).isEmpty();
		List<PlannedAction> due = planAt(register, LocalTime.of(9, 31));
		assertThat(due).extracting((a) -> a.rule() + " " + a.kind().id() + " " + a.template())
			.contains("FIRST_DAY sms truancy-text", "FIRST_DAY task record-absence-reason");
		PlannedAction text = due.stream().filter((a) -> a.template().equals("truancy-text")).findFirst().orElseThrow();
		assertThat(text.dedupeKey()).isEqualTo("st-johns|p-1|FIRST_DAY|2024-09-27|sms|parent|truancy-text");
		assertThat(text.explanation()).contains("first day of absence, marked N");
		assertThat(text.figures().possibleSessions()).isEqualTo(39);
		// The next poll replays the same register: the same keys, so nothing is sent
		// twice.
		assertThat(planAt(register, LocalTime.of(9, 33))).extracting(PlannedAction::dedupeKey)
			.containsAll(due.stream().map(PlannedAction::dedupeKey).toList());
	}

	@Test
	void aReasonGivenBeforeHalfPastNineStopsTheText() {
		assertThat(planAt(register(DfeCode.I, DfeCode.I), LocalTime.of(9, 31)))
			.noneMatch((a) -> a.template().equals("truancy-text"));
	}

	@Test
	void yesterdaysDecisionsAreNotActedOnToday() {
		PupilRegister register = register(DfeCode.PRESENT_AM, DfeCode.PRESENT_PM);
		// Day 19 was the first absence: by day 20 its text is history.
		register.put(18, Session.AM, DfeCode.N);
		register.put(18, Session.PM, DfeCode.N);
		List<PlannedAction> today = planAt(register, LocalTime.of(16, 0));
		assertThat(today).noneMatch((a) -> a.rule().equals("FIRST_DAY"));
		assertThat(today).extracting(PlannedAction::rule).contains("RETURN");
	}

}
