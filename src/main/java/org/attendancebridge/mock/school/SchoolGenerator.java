package org.attendancebridge.mock.school;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.attendancebridge.mock.MockClock;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.Session;

/**
 * Generates a school from a seed: the same seed and spec always give the same pupils,
 * contacts, staff and register history. Attendance follows national-like patterns: most
 * pupils above 95%, about a fifth persistently absent in secondary and a seventh in
 * primary, about 2% severely absent, illness in spells and waves, more absence on Mondays
 * and Fridays, term-time holidays, lates, and N marks most of which are resolved within
 * days.
 */
public final class SchoolGenerator {

	/** Staff roles the seed policies send alerts, letters and tasks to. */
	public static final List<String> SCHOOL_ROLES = List.of("senco", "dsl", "pp-coordinator", "attendance-officer",
			"key-worker", "key-worker", "ewo", "attendance-champion", "assistant-principal");

	private static final String[] RELATIONSHIPS = { "Mother", "Father", "Grandparent", "Carer", "Aunt" };

	private final long seed;

	public SchoolGenerator(long seed) {
		this.seed = seed;
	}

	public SchoolState generate(SchoolSpec spec, MockClock clock) {
		SplittableRandom random = new SplittableRandom(this.seed * 1_000_003L + spec.id().hashCode());
		int establishment = 4000 + Math.floorMod(spec.id().hashCode(), 1000);
		List<StaffMember> staff = new ArrayList<>();
		List<MockPupil> pupils = new ArrayList<>();
		List<MarkEvent> events = new ArrayList<>();
		int staffId = 1;
		for (String year : spec.yearGroups()) {
			staff.add(staffMember(random, staffId++, "head-of-year", spec, year));
			for (int form = 0; form < spec.formsPerYear(); form++) {
				staff.add(staffMember(random, staffId++, "tutor", spec, formName(year, form)));
			}
		}
		for (String role : SCHOOL_ROLES) {
			staff.add(staffMember(random, staffId++, role, spec, null));
		}
		int contactId = 1;
		for (int i = 0; i < spec.roll(); i++) {
			int pupilId = 1000 + i;
			int yearIndex = i % spec.yearGroups().size();
			String year = spec.yearGroups().get(yearIndex);
			String form = formName(year, (i / spec.yearGroups().size()) % spec.formsPerYear());
			Set<PupilFlag> flags = EnumSet.noneOf(PupilFlag.class);
			boolean eal = random.nextDouble() < 0.20;
			String language = eal ? Names.pick(random, Names.HOME_LANGUAGES) : "English";
			if (eal) {
				flags.add(PupilFlag.EAL);
			}
			String sen = null;
			if (random.nextDouble() < 0.13) {
				flags.add(PupilFlag.SEND);
				sen = random.nextDouble() < 0.17 ? "E" : "K";
			}
			if (random.nextDouble() < 0.25) {
				flags.add(PupilFlag.PUPIL_PREMIUM);
			}
			if (random.nextDouble() < 0.03) {
				flags.add(PupilFlag.VULNERABLE);
			}
			String surname = Names.surname(random, language);
			String forename = Names.forename(random, language);
			int age = ageOf(year);
			LocalDate dob = LocalDate.of(2024 - age - 1, 9, 1).plusDays(random.nextInt(365));
			List<MockContact> contacts = new ArrayList<>();
			int contactCount = random.nextDouble() < 0.7 ? 2 : (random.nextDouble() < 0.8 ? 1 : 3);
			for (int c = 0; c < contactCount; c++) {
				String relationship = c < 2 ? RELATIONSHIPS[c] : RELATIONSHIPS[2 + random.nextInt(3)];
				boolean responsibility = c < 2 ? random.nextDouble() < 0.95 : random.nextDouble() < 0.3;
				boolean maySms = random.nextDouble() < 0.9;
				String contactForename = Names.forename(random, language);
				contacts.add(new MockContact(contactId, c == 0 ? "Ms" : (c == 1 ? "Mr" : "Mx"), contactForename,
						c < 2 ? surname : Names.surname(random, language), relationship, c + 1, responsibility, maySms,
						mobile(contactId), contactForename.toLowerCase() + contactId + "@example.com",
						eal && random.nextDouble() < 0.7 ? language : "English"));
				contactId++;
			}
			MockPupil pupil = new MockPupil(pupilId, Upn.of(establishment, 2024 - age + 4, i), forename, surname,
					forename, dob, random.nextBoolean() ? "F" : "M", year, form, flags, language, sen, contacts,
					TermCalendar.FIRST_DAY);
			pupils.add(pupil);
			registerHistory(random, spec, pupil, events);
		}
		for (ScriptedCase scripted : spec.cases()) {
			scripted.apply(pupils, events);
		}
		SchoolState state = new SchoolState(spec, clock, pupils, staff, events);
		state.revision();
		return state;
	}

	private static String formName(String year, int form) {
		return year + (char) ('A' + form);
	}

	private static int ageOf(String year) {
		return "R".equals(year) ? 4 : 4 + Integer.parseInt(year);
	}

	/**
	 * The drama range 07700 900000 to 900999. Contacts 5 and 11 get Notify's
	 * permanent-failure test number and 7 and 13 its temporary-failure one.
	 */
	static String mobile(int contactId) {
		if (contactId == 5 || contactId == 11) {
			return "07700900002";
		}
		if (contactId == 7 || contactId == 13) {
			return "07700900003";
		}
		int n = 100 + (contactId * 37) % 900;
		return "07700900" + String.format("%03d", n);
	}

	private static StaffMember staffMember(SplittableRandom random, int id, String role, SchoolSpec spec,
			String responsibleFor) {
		String forename = Names.staffForename(random);
		String surname = Names.surname(random, "English");
		String title = random.nextBoolean() ? "Ms" : "Mr";
		return new StaffMember(id, title, forename, surname, role,
				forename.toLowerCase() + "." + surname.toLowerCase() + id + "@" + spec.id() + ".example.sch.uk",
				responsibleFor);
	}

	/** The pupil's target attendance, drawn from national-like bands. */
	private static double targetAttendance(SplittableRandom random, SchoolSpec spec, MockPupil pupil) {
		double severe = spec.primary() ? 0.015 : 0.02;
		double persistent = spec.primary() ? 0.09 : 0.15;
		// Disadvantaged and SEND pupils are absent more often, as in the national
		// figures.
		double weight = 1.0 + (pupil.has(PupilFlag.PUPIL_PREMIUM) ? 0.6 : 0) + (pupil.has(PupilFlag.SEND) ? 0.4 : 0);
		double x = random.nextDouble() / weight * (1.0 + 0.25 * 0.6 + 0.13 * 0.4);
		if (x < severe) {
			return 0.20 + random.nextDouble() * 0.25;
		}
		if (x < severe + persistent) {
			return 0.70 + random.nextDouble() * 0.18;
		}
		if (x < severe + persistent + 0.18) {
			return 0.905 + random.nextDouble() * 0.04;
		}
		return 0.955 + random.nextDouble() * 0.045;
	}

	private static void registerHistory(SplittableRandom random, SchoolSpec spec, MockPupil pupil,
			List<MarkEvent> events) {
		double target = targetAttendance(random, spec, pupil);
		double absence = 1.0 - target;
		double lateRate = random.nextDouble() * 0.06;
		List<LocalDate> days = TermCalendar.schoolDays();
		// A term-time holiday for a few families: a block of school days coded G.
		int holidayStart = random.nextDouble() < 0.04 ? random.nextInt(days.size() - 5) : -1;
		int holidayLength = 3 + random.nextInt(3);
		String spell = null;
		int spellLeft = 0;
		for (int d = 0; d < days.size(); d++) {
			LocalDate day = days.get(d);
			if (holidayStart >= 0 && d >= holidayStart && d < holidayStart + holidayLength) {
				absentDay(random, pupil, day, "G", events);
				continue;
			}
			if (spellLeft > 0) {
				spellLeft--;
				absentDay(random, pupil, day, spell, events);
				continue;
			}
			double factor = dayFactor(day) * illnessWave(day);
			if (random.nextDouble() < spellStart(absence * 0.85 * factor)) {
				spell = absenceReason(random, target);
				spellLeft = spellLength(random, spell) - 1;
				absentDay(random, pupil, day, spell, events);
				continue;
			}
			if (random.nextDouble() < absence * 0.3) {
				Session half = random.nextBoolean() ? Session.AM : Session.PM;
				String code = random.nextDouble() < 0.6 ? "M" : "U";
				for (Session session : Session.values()) {
					if (session == half) {
						absentSession(random, pupil, day, session, code, events);
					}
					else {
						present(random, pupil, day, session, 0, events);
					}
				}
				continue;
			}
			present(random, pupil, day, Session.AM, lateRate, events);
			present(random, pupil, day, Session.PM, 0, events);
		}
	}

	/**
	 * The chance a spell starts on a free day so that a share {@code q} of days is
	 * absent: spells last about 1.6 days and block new starts while they last.
	 */
	private static double spellStart(double q) {
		double length = 1.6;
		return Math.min(1, q / (length * (1 - q) + q));
	}

	private static double dayFactor(LocalDate day) {
		DayOfWeek dow = day.getDayOfWeek();
		return (dow == DayOfWeek.MONDAY || dow == DayOfWeek.FRIDAY) ? 1.4 : 0.73;
	}

	/**
	 * A winter-bug wave through the school in late November and a smaller one in
	 * September.
	 */
	private static double illnessWave(LocalDate day) {
		if (!day.isBefore(LocalDate.of(2024, 11, 18)) && !day.isAfter(LocalDate.of(2024, 11, 29))) {
			return 1.6;
		}
		if (!day.isBefore(LocalDate.of(2024, 9, 16)) && !day.isAfter(LocalDate.of(2024, 9, 20))) {
			return 1.3;
		}
		return 0.95;
	}

	private static String absenceReason(SplittableRandom random, double target) {
		double x = random.nextDouble();
		// Pupils with low attendance have more unexplained absence.
		double unauthorised = target < 0.9 ? 0.45 : 0.15;
		if (x < unauthorised) {
			return "O";
		}
		x = random.nextDouble();
		if (x < 0.82) {
			return "I";
		}
		if (x < 0.90) {
			return "M";
		}
		if (x < 0.95) {
			return "R";
		}
		return "C";
	}

	private static int spellLength(SplittableRandom random, String reason) {
		int length = 1;
		double carryOn = "I".equals(reason) ? 0.4 : ("O".equals(reason) ? 0.35 : 0);
		while (length < 10 && random.nextDouble() < carryOn) {
			length++;
		}
		return length;
	}

	private static void present(SplittableRandom random, MockPupil pupil, LocalDate day, Session session,
			double lateRate, List<MarkEvent> events) {
		String code = session == Session.AM ? "/" : "\\";
		Integer minutesLate = null;
		if (lateRate > 0 && random.nextDouble() < lateRate) {
			code = "L";
			minutesLate = 1 + random.nextInt(25);
		}
		Instant taken = MockClock.at(day, TermCalendar.registerTime(session));
		events.add(new MarkEvent(taken, pupil.id(), day, session, code, minutesLate, null, null));
		if (random.nextDouble() < 0.004) {
			correction(random, pupil, day, session, code, events);
		}
	}

	private static void absentDay(SplittableRandom random, MockPupil pupil, LocalDate day, String reason,
			List<MarkEvent> events) {
		absentSession(random, pupil, day, Session.AM, reason, events);
		absentSession(random, pupil, day, Session.PM, reason, events);
	}

	/**
	 * An absence is marked with its reason when the family rang first; otherwise it is N
	 * until the reason is known, and some N marks are never resolved.
	 */
	private static void absentSession(SplittableRandom random, MockPupil pupil, LocalDate day, Session session,
			String reason, List<MarkEvent> events) {
		Instant taken = MockClock.at(day, TermCalendar.registerTime(session));
		Integer minutesLate = "U".equals(reason) ? 35 + random.nextInt(30) : null;
		boolean knownAtRegister = "U".equals(reason) || ("I".equals(reason) && random.nextDouble() < 0.6)
				|| ("M".equals(reason) && random.nextDouble() < 0.8);
		if (knownAtRegister) {
			events.add(new MarkEvent(taken, pupil.id(), day, session, reason, minutesLate, null, null));
			return;
		}
		events.add(new MarkEvent(taken, pupil.id(), day, session, "N", null, null, null));
		if (random.nextDouble() < 0.1) {
			return;
		}
		LocalDate resolvedOn = TermCalendar.plusSchoolDays(day, random.nextInt(5));
		if (resolvedOn != null) {
			Instant at = MockClock.at(resolvedOn, LocalTime.of(9, 30).plusMinutes(random.nextInt(360)));
			events.add(new MarkEvent(at.isAfter(taken) ? at : taken.plusSeconds(600), pupil.id(), day, session, reason,
					minutesLate, "N", "reason received"));
		}
	}

	/** A register correction up to 7 days later. */
	private static void correction(SplittableRandom random, MockPupil pupil, LocalDate day, Session session,
			String code, List<MarkEvent> events) {
		LocalDate on = TermCalendar.plusSchoolDays(day, 1 + random.nextInt(5));
		if (on == null) {
			return;
		}
		String corrected = "L".equals(code) ? (session == Session.AM ? "/" : "\\") : "L";
		Integer minutesLate = "L".equals(corrected) ? 3 + random.nextInt(20) : null;
		events.add(new MarkEvent(MockClock.at(on, LocalTime.of(11, 15).plusMinutes(random.nextInt(240))), pupil.id(),
				day, session, corrected, minutesLate, code, "register corrected"));
	}

}
