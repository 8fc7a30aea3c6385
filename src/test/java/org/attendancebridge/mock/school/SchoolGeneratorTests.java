package org.attendancebridge.mock.school;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.attendancebridge.mock.MockClock;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.Session;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchoolGeneratorTests {

	private static final MockClock END_OF_TERM = MockClock.startingAt(LocalDateTime.of(2024, 12, 20, 18, 0), 0);

	private static SchoolSpec secondary(int roll) {
		return SchoolSpec.defaults().get(0).withRoll(roll);
	}

	private static SchoolSpec primary(int roll) {
		return SchoolSpec.defaults().get(2).withRoll(roll);
	}

	@Test
	void sameSeedGivesTheSameSchool() {
		SchoolState a = new SchoolGenerator(7).generate(secondary(60), END_OF_TERM);
		SchoolState b = new SchoolGenerator(7).generate(secondary(60), END_OF_TERM);
		assertThat(a.pupils()).isEqualTo(b.pupils());
		assertThat(a.staff()).isEqualTo(b.staff());
		assertThat(a.marks(m -> true)).isEqualTo(b.marks(m -> true));
		assertThat(a.revision()).isEqualTo(b.revision());
	}

	@Test
	void otherSeedGivesAnotherSchool() {
		SchoolState a = new SchoolGenerator(7).generate(secondary(60), END_OF_TERM);
		SchoolState b = new SchoolGenerator(8).generate(secondary(60), END_OF_TERM);
		assertThat(a.pupils()).isNotEqualTo(b.pupils());
	}

	@Test
	void secondaryHasNationalLikeAbsenceRates() {
		Map<String, Double> rates = rates(new SchoolGenerator(1).generate(secondary(1200), END_OF_TERM));
		assertThat(rates.get("atLeast95")).isBetween(0.50, 0.75);
		assertThat(rates.get("persistent")).isBetween(0.15, 0.26);
		assertThat(rates.get("severe")).isBetween(0.01, 0.035);
	}

	@Test
	void primaryHasFewerPersistentAbsentees() {
		Map<String, Double> rates = rates(new SchoolGenerator(1).generate(primary(1000), END_OF_TERM));
		assertThat(rates.get("atLeast95")).isBetween(0.55, 0.80);
		assertThat(rates.get("persistent")).isBetween(0.10, 0.19);
		assertThat(rates.get("severe")).isBetween(0.005, 0.03);
	}

	@Test
	void flagsAndLanguagesComeAtNationalLikeRates() {
		SchoolState school = new SchoolGenerator(3).generate(secondary(1200), END_OF_TERM);
		List<MockPupil> pupils = school.pupils();
		assertThat(share(pupils, PupilFlag.SEND)).isBetween(0.10, 0.16);
		assertThat(share(pupils, PupilFlag.PUPIL_PREMIUM)).isBetween(0.21, 0.29);
		assertThat(share(pupils, PupilFlag.VULNERABLE)).isBetween(0.015, 0.045);
		assertThat(share(pupils, PupilFlag.EAL)).isBetween(0.17, 0.23);
		assertThat(pupils).filteredOn(p -> p.has(PupilFlag.EAL)).allMatch(p -> !p.homeLanguage().equals("English"));
		assertThat(pupils).extracting(MockPupil::homeLanguage).contains("Polish", "Romanian", "Urdu", "Arabic");
		assertThat(pupils).allMatch(p -> Upn.isValid(p.upn()));
	}

	@Test
	void mobilesAreOnlyInTheDramaRangeAndIncludeTheNotifyTestNumbers() {
		SchoolState school = new SchoolGenerator(3).generate(secondary(40), END_OF_TERM);
		List<String> mobiles = school.pupils()
			.stream()
			.flatMap(p -> p.contacts().stream())
			.map(MockContact::mobile)
			.toList();
		assertThat(mobiles).allMatch(m -> m.matches("07700900\\d{3}"));
		assertThat(mobiles).contains("07700900002", "07700900003");
	}

	@Test
	void staffCoverEveryRoleThePoliciesName() {
		SchoolState school = new SchoolGenerator(3).generate(primary(40), END_OF_TERM);
		assertThat(school.staff()).extracting(StaffMember::role)
			.contains("tutor", "head-of-year", "senco", "dsl", "pp-coordinator", "attendance-officer", "key-worker",
					"ewo", "attendance-champion");
	}

	@Test
	void registersAppearOnlyOnceTheirTimeHasPassed() {
		MockClock clock = MockClock.startingAt(LocalDateTime.of(2024, 11, 11, 8, 40), 0);
		SchoolState school = new SchoolGenerator(3).generate(secondary(30), clock);
		LocalDate monday = LocalDate.of(2024, 11, 11);
		assertThat(school.marks(m -> m.date().equals(monday))).isEmpty();
		assertThat(school.marks(m -> m.date().equals(LocalDate.of(2024, 11, 8)))).hasSize(60);
		clock.set(MockClock.at(monday, TermCalendar.AM_REGISTER), 0);
		assertThat(school.marks(m -> m.date().equals(monday))).hasSize(30).allMatch(m -> m.session() == Session.AM);
		clock.set(MockClock.at(monday, TermCalendar.PM_REGISTER), 0);
		assertThat(school.marks(m -> m.date().equals(monday))).hasSize(60);
		assertThat(school.marks(m -> m.date().isAfter(monday))).isEmpty();
	}

	@Test
	void mostNMarksAreResolvedWithinDaysAndSomeNeverAre() {
		SchoolState school = new SchoolGenerator(5).generate(secondary(600), END_OF_TERM);
		long everN = school.changesAfter(0, Integer.MAX_VALUE)
			.stream()
			.filter(m -> m.code().equals("N"))
			.map(RegisterMark::key)
			.distinct()
			.count();
		long stillN = school.marks(m -> m.code().equals("N") && m.date().isBefore(LocalDate.of(2024, 12, 9))).size();
		assertThat(everN).isPositive();
		assertThat((double) stillN / everN).isBetween(0.03, 0.2);
	}

	@Test
	void resolutionsAndCorrectionsGetNewRevisionsAndTimes() {
		SchoolState school = new SchoolGenerator(5).generate(secondary(200), END_OF_TERM);
		List<RegisterMark> changed = school.marks(m -> m.updatedAt().isAfter(m.createdAt()));
		assertThat(changed).isNotEmpty();
		assertThat(changed).anyMatch(m -> "register corrected".equals(m.comment()));
		assertThat(changed).allMatch(m -> !LocalDate.ofInstant(m.updatedAt(), MockClock.LONDON)
			.isAfter(java.util.Objects.requireNonNullElse(TermCalendar.plusSchoolDays(m.date(), 5),
					TermCalendar.LAST_DAY)));
	}

	@Test
	void changesAfterARevisionStartJustPastIt() {
		SchoolState school = new SchoolGenerator(5).generate(secondary(20), END_OF_TERM);
		List<RegisterMark> tail = school.changesAfter(100, Integer.MAX_VALUE);
		assertThat(tail.get(0).revision()).isEqualTo(101);
		assertThat(tail.get(tail.size() - 1).revision()).isEqualTo(school.revision());
		assertThat(school.changesAfter(school.revision(), 10)).isEmpty();
	}

	@Test
	void termTimeHolidaysAndLatesAreMarked() {
		SchoolState school = new SchoolGenerator(5).generate(secondary(300), END_OF_TERM);
		assertThat(school.marks(m -> m.code().equals("G"))).isNotEmpty();
		assertThat(school.marks(m -> m.code().equals("L"))).allMatch(m -> m.minutesLate() != null).isNotEmpty();
		assertThat(school.marks(m -> m.code().equals("U"))).isNotEmpty();
		assertThat(school.marks(m -> m.date().isAfter(TermCalendar.HALF_TERM_FROM.minusDays(1))
				&& m.date().isBefore(TermCalendar.HALF_TERM_TO.plusDays(1))))
			.isEmpty();
	}

	@Test
	void mondaysAndFridaysHaveMoreAbsence() {
		SchoolState school = new SchoolGenerator(5).generate(secondary(600), END_OF_TERM);
		Map<Boolean, int[]> counts = new HashMap<>();
		for (RegisterMark mark : school.marks(m -> true)) {
			boolean edge = mark.date().getDayOfWeek().getValue() == 1 || mark.date().getDayOfWeek().getValue() == 5;
			int[] c = counts.computeIfAbsent(edge, k -> new int[2]);
			c[0]++;
			if (DfeCode.of(mark.code(), mark.date()).isAbsence()) {
				c[1]++;
			}
		}
		double edgeRate = (double) counts.get(true)[1] / counts.get(true)[0];
		double midRate = (double) counts.get(false)[1] / counts.get(false)[0];
		assertThat(edgeRate).isGreaterThan(midRate * 1.15);
	}

	@Test
	void stJohnsHasItsVulnerablePupilMissingOnTheFirstMorningAndTheRestIsDrawnAsBefore() {
		SchoolSpec stJohns = secondary(40);
		assertThat(stJohns.cases()).containsExactly(ScriptedCase.VULNERABLE_PUPIL_MISSING);
		SchoolState scripted = new SchoolGenerator(1).generate(stJohns, END_OF_TERM);
		SchoolSpec drawnOnly = new SchoolSpec(stJohns.id(), stJohns.name(), stJohns.policy(), stJohns.mis(),
				stJohns.primary(), stJohns.roll(), stJohns.yearGroups(), stJohns.formsPerYear());
		SchoolState drawn = new SchoolGenerator(1).generate(drawnOnly, END_OF_TERM);
		MockPupil pupil = scripted.pupils().get(39);
		assertThat(pupil.has(PupilFlag.VULNERABLE)).isTrue();
		assertThat(scripted.pupils().subList(0, 39)).isEqualTo(drawn.pupils().subList(0, 39));
		// Ids and revisions number the school's marks, the scripted pupil's among them.
		assertThat(scripted.marks((m) -> m.pupilId() != pupil.id()))
			.extracting((m) -> m.pupilId() + " " + m.date() + " " + m.session() + " " + m.code())
			.isEqualTo(drawn.marks((m) -> m.pupilId() != pupil.id())
				.stream()
				.map((m) -> m.pupilId() + " " + m.date() + " " + m.session() + " " + m.code())
				.toList());
		// Three afternoons at appointments before the first morning, never below 96%.
		int possible = 0;
		int attended = 0;
		for (RegisterMark mark : scripted.marks((m) -> m.pupilId() == pupil.id())) {
			if (!mark.date().isBefore(ScriptedCase.MISSING_ON)) {
				break;
			}
			possible++;
			attended += mark.code().equals("M") ? 0 : 1;
			if (possible >= 20) {
				assertThat(100.0 * attended / possible).as("on %s", mark.date()).isGreaterThanOrEqualTo(96.0);
			}
		}
		assertThat(attended).isEqualTo(87);
		assertThat(possible).isEqualTo(90);
		for (Session session : Session.values()) {
			assertThat(scripted.mark(pupil.id(), ScriptedCase.MISSING_ON, session))
				.hasValueSatisfying((m) -> assertThat(m.code()).isEqualTo("N"));
			assertThat(scripted.mark(pupil.id(), ScriptedCase.MISSING_ON.plusDays(1), session))
				.hasValueSatisfying((m) -> assertThat(m.code()).isIn("/", "\\"));
		}
		// Only St John's has a case: the other schools are drawn whole.
		assertThat(SchoolSpec.defaults()).filteredOn((spec) -> !spec.cases().isEmpty())
			.extracting(SchoolSpec::id)
			.containsExactly("st-johns");
	}

	private static double share(List<MockPupil> pupils, PupilFlag flag) {
		return (double) pupils.stream().filter(p -> p.has(flag)).count() / pupils.size();
	}

	private static Map<String, Double> rates(SchoolState school) {
		Map<Integer, int[]> byPupil = new HashMap<>();
		for (RegisterMark mark : school.marks(m -> true)) {
			DfeCode code = DfeCode.of(mark.code(), mark.date());
			int[] c = byPupil.computeIfAbsent(mark.pupilId(), k -> new int[2]);
			if (code.isPossible()) {
				c[0]++;
				if (code.isAttendance()) {
					c[1]++;
				}
			}
		}
		int n = byPupil.size();
		long atLeast95 = byPupil.values().stream().filter(c -> c[1] >= 0.95 * c[0]).count();
		long persistent = byPupil.values().stream().filter(c -> c[1] <= 0.90 * c[0]).count();
		long severe = byPupil.values().stream().filter(c -> c[1] < 0.50 * c[0]).count();
		return Map.of("atLeast95", (double) atLeast95 / n, "persistent", (double) persistent / n, "severe",
				(double) severe / n);
	}

}
