package org.attendancebridge.mock.school;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.attendancebridge.mock.MockClock;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.Session;

/**
 * A pupil whose term the generator writes by hand instead of drawing it, so that the
 * demo's first morning (Monday 11 November, where the mock's clock starts) shows a rule
 * that chance may not reach in a small school. A case takes the last pupil on roll and is
 * written after every random draw, so the rest of the school stays as the seed made it.
 */
public enum ScriptedCase {

	/**
	 * A vulnerable pupil in every session but three afternoons at medical appointments
	 * (never below 96% before the demo; 87 of 90 sessions, 96.7%, by Friday 8 November),
	 * missing all of Monday 11 November with no reason given: the morning register takes
	 * her attendance to 95.6%, below St John's 96% (AC3), so its VULNERABLE rule alerts
	 * the DSL and raises a CPOMS concern that morning. She is back on Tuesday.
	 */
	VULNERABLE_PUPIL_MISSING;

	/** The day the pupil of {@link #VULNERABLE_PUPIL_MISSING} is missing. */
	public static final LocalDate MISSING_ON = LocalDate.of(2024, 11, 11);

	/**
	 * Afternoons at appointments: each comes late enough in the term that attendance
	 * stays at 96% or above (after k sessions with j missed, k ≥ 25 j).
	 */
	private static final List<LocalDate> APPOINTMENTS = List.of(LocalDate.of(2024, 9, 18), LocalDate.of(2024, 10, 8),
			LocalDate.of(2024, 10, 23));

	/** Rewrites the last pupil of {@code pupils} and their register events. */
	void apply(List<MockPupil> pupils, List<MarkEvent> events) {
		int last = pupils.size() - 1;
		MockPupil drawn = pupils.get(last);
		Set<PupilFlag> flags = EnumSet.of(PupilFlag.VULNERABLE);
		flags.addAll(drawn.flags());
		pupils.set(last,
				new MockPupil(drawn.id(), drawn.upn(), drawn.forename(), drawn.surname(), drawn.preferredForename(),
						drawn.dateOfBirth(), drawn.gender(), drawn.yearGroup(), drawn.registrationGroup(), flags,
						drawn.homeLanguage(), drawn.senStatus(), drawn.contacts(), drawn.admissionDate()));
		events.removeIf((event) -> event.pupilId() == drawn.id());
		for (LocalDate day : TermCalendar.schoolDays()) {
			for (Session session : Session.values()) {
				events.add(new MarkEvent(MockClock.at(day, TermCalendar.registerTime(session)), drawn.id(), day,
						session, code(day, session), null, null, null));
			}
		}
	}

	private static String code(LocalDate day, Session session) {
		if (day.equals(MISSING_ON)) {
			return "N";
		}
		if (session == Session.PM && APPOINTMENTS.contains(day)) {
			return "M";
		}
		return (session == Session.AM) ? "/" : "\\";
	}

}
