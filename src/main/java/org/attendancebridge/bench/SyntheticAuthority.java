package org.attendancebridge.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.PupilRegister;

/**
 * A local authority's pupils and their registers for a whole school year, made up in
 * memory. The same size and seed always give the same authority, mark for mark.
 */
final class SyntheticAuthority {

	private static final String[] YEAR_GROUPS = { "R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11" };

	private final List<LocalDate> days;

	private final List<Pupil> pupils;

	private final PupilRegister[] registers;

	private SyntheticAuthority(List<LocalDate> days, List<Pupil> pupils, PupilRegister[] registers) {
		this.days = days;
		this.pupils = pupils;
		this.registers = registers;
	}

	static SyntheticAuthority generate(int size, long seed) {
		List<LocalDate> days = SyntheticSchoolYear.days();
		AbsenceModel model = new AbsenceModel(days);
		SplittableRandom random = new SplittableRandom(seed);
		List<Pupil> pupils = new ArrayList<>(size);
		PupilRegister[] registers = new PupilRegister[size];
		for (int i = 0; i < size; i++) {
			Set<PupilFlag> flags = flags(random);
			pupils.add(Pupil.of(String.format("P%07d", i + 1), YEAR_GROUPS[random.nextInt(YEAR_GROUPS.length)], flags));
			boolean disadvantaged = flags.contains(PupilFlag.PUPIL_PREMIUM) || flags.contains(PupilFlag.VULNERABLE);
			registers[i] = new PupilRegister(days.size());
			model.write(random, AbsenceModel.band(random, disadvantaged), registers[i]);
		}
		return new SyntheticAuthority(days, pupils, registers);
	}

	/** Cohort shares close to England's: SEND 1 in 6, pupil premium 1 in 4. */
	private static Set<PupilFlag> flags(SplittableRandom random) {
		Set<PupilFlag> flags = EnumSet.noneOf(PupilFlag.class);
		if (random.nextDouble() < 0.17) {
			flags.add(PupilFlag.SEND);
		}
		if (random.nextDouble() < 0.25) {
			flags.add(PupilFlag.PUPIL_PREMIUM);
		}
		if (random.nextDouble() < 0.04) {
			flags.add(PupilFlag.VULNERABLE);
		}
		if (random.nextDouble() < 0.2) {
			flags.add(PupilFlag.EAL);
		}
		return flags;
	}

	List<LocalDate> days() {
		return this.days;
	}

	List<Pupil> pupils() {
		return this.pupils;
	}

	PupilRegister register(int pupil) {
		return this.registers[pupil];
	}

	int size() {
		return this.registers.length;
	}

	/** Sessions that carry a mark. */
	long marks() {
		long marks = 0;
		for (PupilRegister register : this.registers) {
			for (int d = 0; d < register.schoolDays(); d++) {
				marks += ((register.rawAm(d) != 0) ? 1 : 0) + ((register.rawPm(d) != 0) ? 1 : 0);
			}
		}
		return marks;
	}

}
