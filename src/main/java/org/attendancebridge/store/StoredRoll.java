package org.attendancebridge.store;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;

import org.springframework.stereotype.Component;

/**
 * A school's stored register as the evaluator takes it: the school days, and the pupils
 * who have marks with their registers in the same order. Stages are not stored; the poll
 * and the API both replay this through the school's policy.
 */
@Component
public class StoredRoll {

	/** The pupils with marks since the start, each with their register. */
	public record Roll(SchoolCalendar calendar, List<Pupil> pupils, List<PupilRegister> registers) {
	}

	private final PupilStore pupils;

	private final MarkStore marks;

	public StoredRoll(PupilStore pupils, MarkStore marks) {
		this.pupils = pupils;
		this.marks = marks;
	}

	/** The school's roll with marks from {@code from} on. */
	public Roll load(String school, LocalDate from) {
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
		return new Roll(register.calendar(), roll, registers);
	}

	/** The first day of the school year {@code today} is in. */
	public static LocalDate yearStart(LocalDate today, MonthDay start) {
		LocalDate candidate = start.atYear(today.getYear());
		return today.isBefore(candidate) ? candidate.minusYears(1) : candidate;
	}

}
