package org.attendancebridge.evaluator;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.policy.Policy;

/**
 * What a policy would have made a school do over a past period: every action that fell
 * due, by date and pupil, and the workload per school week. The register is replayed from
 * its first day, so the pupils enter the period with the stages they would have had, and
 * only the decisions of the period are kept. The CLI's {@code simulate} and the
 * dashboard's both run this.
 */
public record Simulation(List<Decision> decisions, Workload workload) {

	/** The replay looks at each day as it stood once the day was over. */
	public static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

	public Simulation {
		decisions = List.copyOf(decisions);
	}

	/**
	 * @param registers one per pupil, in the same order
	 * @param completions the tasks completed, for reviews that wait for them
	 * @param zone the school's time zone
	 */
	public static Simulation run(Policy policy, SchoolCalendar calendar, List<Pupil> pupils,
			List<PupilRegister> registers, TaskCompletions completions, LocalDate from, LocalDate to, ZoneId zone) {
		Clock clock = Clock.fixed(to.atTime(END_OF_DAY).atZone(zone).toInstant(), zone);
		List<Decision> decisions = new ArrayList<>(
				SchoolReplay.run(policy, calendar, pupils, registers, completions, clock, from).decisions());
		decisions.sort(Comparator.comparing(Decision::date).thenComparing(Decision::pupilId));
		Workload workload = new Workload(calendar, from, to);
		for (Decision decision : decisions) {
			decision.actions().forEach((action) -> workload.count(decision.date(), action.kind()));
		}
		return new Simulation(decisions, workload);
	}

}
