package org.attendancebridge.store;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.evaluator.TaskCompletions;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A school's stored register as the evaluator takes it: the school days, the pupils who
 * have marks with their registers in the same order, and the days their tasks were
 * completed (which start the reviews that wait for a meeting). Stages are not stored; the
 * poll and the API both replay this through the school's policy.
 */
@Component
public class StoredRoll {

	/**
	 * The pupils with marks since the start, each with their register, and the tasks
	 * completed since then.
	 */
	public record Roll(SchoolCalendar calendar, List<Pupil> pupils, List<PupilRegister> registers,
			TaskCompletions completions) {
	}

	private final PupilStore pupils;

	private final MarkStore marks;

	private final NamedParameterJdbcTemplate jdbc;

	public StoredRoll(PupilStore pupils, MarkStore marks, NamedParameterJdbcTemplate jdbc) {
		this.pupils = pupils;
		this.marks = marks;
		this.jdbc = jdbc;
	}

	/**
	 * The school's roll with marks from {@code from} on; a task counts as completed on
	 * its day in the school's time zone.
	 */
	public Roll load(String school, LocalDate from, ZoneId zone) {
		MarkStore.Register register = this.marks.register(school, from);
		List<Pupil> roll = new ArrayList<>();
		List<PupilRegister> registers = new ArrayList<>();
		for (Pupil pupil : this.pupils.all(school).values()) {
			PupilRegister marks = register.byPupil().get(pupil.id());
			if (marks != null) {
				roll.add(pupil);
				registers.add(marks);
			}
		}
		return new Roll(register.calendar(), roll, registers, completions(school, from, zone));
	}

	private TaskCompletions completions(String school, LocalDate from, ZoneId zone) {
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("school", school)
			.addValue("from", from.atStartOfDay(zone).toOffsetDateTime());
		return TaskCompletions.of(this.jdbc.query(
				"select pupil_id, rule_id, template, completed_at from task "
						+ "where school_id = :school and completed_at >= :from",
				p,
				(rs, n) -> new TaskCompletions.Completion(rs.getString("pupil_id"), rs.getString("rule_id"),
						rs.getString("template"),
						rs.getObject("completed_at", OffsetDateTime.class).atZoneSameInstant(zone).toLocalDate())));
	}

	/** The first day of the school year {@code today} is in. */
	public static LocalDate yearStart(LocalDate today, MonthDay start) {
		LocalDate candidate = start.atYear(today.getYear());
		return today.isBefore(candidate) ? candidate.minusYears(1) : candidate;
	}

}
