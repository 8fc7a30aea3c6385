package org.attendancebridge.crash;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.AttendanceStats;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Session;

/**
 * What the crash tests' four schools do on Monday 11 November 2024 in the mock MIS, drawn
 * from a test's seed: pupils go missing (so the adapter has actions to send), and staff
 * correct last week's registers (so its polls have marks to store).
 */
final class SchoolMorning {

	static final LocalDate MONDAY = LocalDate.of(2024, 11, 11);

	/** The Sunday before last week. */
	private static final LocalDate LAST_WEEK = MONDAY.minusDays(8);

	/** The schools of {@code src/test/resources/crash/connectors}. */
	static final List<String> SCHOOLS = List.of("st-johns", "graduated", "toolkit", "prevention");

	private static final List<String> CODES = List.of("/", "N", "M", "L", "B", "I", "C", "U");

	private final MockMis mock;

	/** Pupils already made absent: each wave takes others. */
	private final Set<Integer> absent = new HashSet<>();

	private int waves;

	SchoolMorning(MockMis mock) {
		this.mock = mock;
	}

	/**
	 * A new wave of absence, all of it seen at Monday's morning register: three pupils of
	 * St John's who have a contact who may be texted are absent without a reason
	 * (first-day texts; the tasks are a dry run there), and in each school one pupil's
	 * attendance falls past a threshold of the school's policy with today's absence (St
	 * John's: a letter and a MIS note; Graduate Road: a CPOMS concern, a task, an alert;
	 * Toolkit Park: an alert; Prevention Green: a letter and tasks, never sent).
	 */
	void absences(Random random) {
		SchoolState stJohns = this.mock.school("st-johns");
		List<MockPupil> textable = new ArrayList<>(presentThisMorning(stJohns, this.absent));
		textable.removeIf((p) -> p.contacts()
			.stream()
			.noneMatch((c) -> c.parentalResponsibility() && c.maySms() && c.mobile() != null));
		Collections.shuffle(textable, random);
		for (MockPupil pupil : textable.subList(0, 3)) {
			stJohns.amend(pupil.id(), MONDAY, Session.AM, "N", null, null);
			this.absent.add(pupil.id());
		}
		// The first wave comes before the first poll, which reads the whole year; later
		// ones only change last week, which a register-time poll of Class Charts reads
		// again (older changes wait for its nightly read).
		LocalDate from = this.waves++ == 0 ? MONDAY.minusDays(40) : LAST_WEEK;
		fallsPast(this.mock.school("st-johns"), 96, false, from, random);
		if (!fallsPast(this.mock.school("graduated"), 80, false, from, random)) {
			fallsPast(this.mock.school("graduated"), 90, true, from, random);
		}
		fallsPast(this.mock.school("toolkit"), 92, true, from, random);
		fallsPast(this.mock.school("prevention"), 97, false, from, random);
	}

	private static List<MockPupil> presentThisMorning(SchoolState school, Set<Integer> absent) {
		List<MockPupil> present = new ArrayList<>();
		for (RegisterMark mark : school
			.marks((m) -> m.date().equals(MONDAY) && m.session() == Session.AM && m.code().equals("/"))) {
			if (!absent.contains(mark.pupilId())) {
				present.add(school.pupil(mark.pupilId()).orElseThrow());
			}
		}
		return present;
	}

	/**
	 * Makes one pupil's attendance this year fall below {@code threshold} (or to it,
	 * {@code orTo}) with this morning's absence: sessions just before (from {@code from}
	 * on) are marked absent too, as many as it takes for this morning's to be the one
	 * that crosses.
	 * @return false if no pupil's attendance can cross so
	 */
	private boolean fallsPast(SchoolState school, double threshold, boolean orTo, LocalDate from, Random random) {
		List<MockPupil> pupils = presentThisMorning(school, this.absent);
		Collections.shuffle(pupils, random);
		for (MockPupil pupil : pupils) {
			List<RegisterMark> year = new ArrayList<>(school
				.marks((m) -> m.pupilId() == pupil.id() && (m.date().isBefore(MONDAY) || m.session() == Session.AM)));
			RegisterMark today = year.remove(year.size() - 1);
			int sessions = (int) year.stream().filter((m) -> !m.date().isBefore(from)).count();
			for (int before = 0; before <= sessions; before++) {
				List<String> codes = new ArrayList<>();
				year.forEach((m) -> codes.add(m.code()));
				for (int i = codes.size() - before; i < codes.size(); i++) {
					codes.set(i, "N");
				}
				double was = attendance(codes, null);
				double now = attendance(codes, "N");
				if ((orTo ? now <= threshold : now < threshold) && (orTo ? was > threshold : was >= threshold)) {
					for (RegisterMark mark : year.subList(year.size() - before, year.size())) {
						school.amend(pupil.id(), mark.date(), mark.session(), "N", null, null);
					}
					school.amend(pupil.id(), today.date(), today.session(), "N", null, null);
					this.absent.add(pupil.id());
					return true;
				}
			}
		}
		return false;
	}

	/** This year's attendance from the codes so far, and today's morning if given. */
	private static double attendance(List<String> codes, String today) {
		List<DfeCode> year = new ArrayList<>();
		codes.forEach((code) -> year.add(DfeCode.of(code, MONDAY)));
		if (today != null) {
			year.add(DfeCode.of(today, MONDAY));
		}
		return AttendanceStats.of(year).attendancePct();
	}

	/**
	 * A school changes a mark of last week, as its staff correct registers (within the
	 * days a register-time poll of Class Charts reads again; older ones wait for the
	 * night).
	 */
	void correctLastWeek(Random random) {
		SchoolState school = this.mock.school(SCHOOLS.get(random.nextInt(SCHOOLS.size())));
		List<RegisterMark> recent = school.marks((m) -> m.date().isBefore(MONDAY) && m.date().isAfter(LAST_WEEK));
		RegisterMark mark = recent.get(random.nextInt(recent.size()));
		String code = CODES.get(random.nextInt(CODES.size()));
		if (code.equals("/") && mark.session() == Session.PM) {
			// Present in the afternoon: a Class Charts register says so only this way.
			code = "\\";
		}
		if (!code.equals(mark.code())) {
			school.amend(mark.pupilId(), mark.date(), mark.session(), code, null, "corrected");
		}
	}

}
