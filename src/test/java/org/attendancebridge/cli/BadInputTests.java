package org.attendancebridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to {@code evaluate} and {@code simulate}: exit status 2, one line on stderr
 * naming the file, the line and the problem, and nothing at all on stdout.
 */
class BadInputTests {

	@TempDir
	Path folder;

	private SchoolFiles school() {
		return new SchoolFiles(this.folder).pupil("P1", "9").days(3, "/").pupil("P2", "9").days(3, "/");
	}

	private static void assertRefused(SchoolFiles.Run run, String... expected) {
		assertThat(run.status()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err().strip()).doesNotContain("\n").contains(expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', value = {
			"an unknown code; P1,2024-09-09,AM,Q9,; :14: code: unknown register code 'Q9'",
			"a bad date; P1,2024-02-30,AM,/,; :14: date: '2024-02-30' is not a date",
			"a date in another format; P1,09/09/2024,AM,/,; :14: date: '09/09/2024' is not a date",
			"an unknown pupil; P9,2024-09-09,AM,/,; :14: pupil_id: unknown pupil 'P9'",
			"a duplicate mark; P2,2024-09-03,PM,O,; :14: duplicate mark: pupil 'P2' already has a mark for PM on 2024-09-03",
			"a bad session; P1,2024-09-09,EV,/,; :14: session: 'EV' is not AM or PM",
			"a legacy code after the 2024 change; P1,2024-09-09,AM,H,; :14: code: legacy code 'H' is not valid on 2024-09-09",
			"bad minutes late; P1,2024-09-09,AM,L,ten; :14: minutes_late: 'ten' is not a whole number",
			"too few fields; P1,2024-09-09; :14: expected pupil_id,date,session,code" })
	void aBadMarkIsRefusedWithItsLine(String what, String line, String expected) {
		SchoolFiles school = school().markLine(line);
		assertRefused(school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-09-09"), "marks.csv" + expected);
		assertRefused(school.run("simulate", "st-johns-way.yaml", "--from", "2024-09-02", "--to", "2024-09-09"),
				"marks.csv" + expected);
	}

	@Test
	void aLargeFileReadInSlicesReportsTheFirstProblemAtItsLineInTheWholeFile() {
		// Over a megabyte of marks is read in slices side by side: the line numbers and
		// the
		// duplicate check must still span the whole file.
		SchoolFiles school = new SchoolFiles(this.folder);
		for (int p = 0; p < 1000; p++) {
			school.pupil(String.format("P%04d", p), "9").days(60, "/");
		}
		school.pupil("P1000", "9").days(1, "/").markLine("P0000,2024-09-02,AM,O,");
		SchoolFiles.Run duplicate = school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-11-22");
		int rows = 1000 * 120 + 2;
		assertRefused(duplicate,
				"marks.csv:" + (rows + 2) + ": duplicate mark: pupil 'P0000' already has a mark for AM on 2024-09-02");
		school.markLine("P1001,2024-09-02,AM,/,");
		assertRefused(school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-11-22"),
				"marks.csv:" + (rows + 3) + ": pupil_id: unknown pupil 'P1001'");
	}

	@Test
	void aLargeFileReadInSlicesGivesTheSameFiguresAsOneRead() throws Exception {
		SchoolFiles school = new SchoolFiles(this.folder);
		for (int p = 0; p < 1000; p++) {
			school.pupil(String.format("P%04d", p), "9").days(55 + p % 5, "/").then("N I O G /|N");
		}
		SchoolFiles.Run run = school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-11-29");
		assertThat(run.err()).isEmpty();
		List<Map<String, Object>> pupils = EvaluateCommandTests.parse(run);
		assertThat(pupils).hasSize(1000);
		for (Map<String, Object> pupil : pupils) {
			int p = Integer.parseInt(((String) pupil.get("pupil_id")).substring(1));
			int days = 55 + p % 5 + 5;
			assertThat(pupil.get("possible_sessions")).isEqualTo(2 * days);
			assertThat(pupil.get("unauthorised_sessions")).isEqualTo(7);
			assertThat(pupil.get("authorised_sessions")).isEqualTo(2);
		}
	}

	@Test
	void aLegacyCodeBeforeTheChangeIsAccepted() {
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P1", "9").markLine("P1,2024-07-15,AM,H,");
		SchoolFiles.Run run = school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-07-15");
		assertThat(run.status()).isZero();
		assertThat(run.out()).contains("\"authorised_sessions\":1");
	}

	@Test
	void aQuotedFieldIsRead() {
		SchoolFiles school = new SchoolFiles(this.folder).pupil("P1", "9").markLine("\"P1\",2024-09-02,\"AM\",\"/\",");
		SchoolFiles.Run run = school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-09-02");
		assertThat(run.err()).isEmpty();
		assertThat(run.out()).contains("\"possible_sessions\":1");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', value = {
			"a flag that is not a boolean; P3,U3,9,yes,false,false,false,en; :4: send: 'yes' is not true or false",
			"a pupil listed twice; P1,U9,9,false,false,false,false,en; :4: pupil_id: pupil 'P1' is listed twice",
			"an empty id; ,U9,9,false,false,false,false,en; :4: pupil_id: is empty" })
	void aBadPupilIsRefusedWithItsLine(String what, String line, String expected) throws IOException {
		SchoolFiles school = school();
		Path pupils = school.pupilsFile();
		Files.writeString(pupils, Files.readString(pupils) + line + "\n");
		SchoolFiles.Run run = SchoolFiles.Run.of("evaluate", "--policy", "policies/st-johns-way.yaml", "--pupils",
				pupils.toString(), "--marks", school.marksFile().toString(), "--as-of", "2024-09-04");
		assertRefused(run, "pupils.csv" + expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';',
			value = { "an unknown pupil; P9,AC5,2024-09-04; :3: pupil_id: unknown pupil 'P9' (not in the pupils file)",
					"a rule the policy does not have; P1,AC9,2024-09-04; :3: rule: 'AC9' is not a rule of the policy",
					"a bad date; P1,AC5,4 Sept; :3: completed_on: '4 Sept' is not a date (YYYY-MM-DD)",
					"too few fields; P1,AC5; :3: expected at least 3 fields, found 2" })
	void aBadCompletedTaskIsRefusedWithItsLine(String what, String line, String expected) {
		SchoolFiles school = school();
		Path tasks = school.tasksFile("P2,AC5,2024-09-03", line);
		assertRefused(school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-09-04", "--tasks", tasks.toString()),
				"tasks.csv" + expected);
		assertRefused(school.run("simulate", "st-johns-way.yaml", "--from", "2024-09-02", "--to", "2024-09-04",
				"--tasks", tasks.toString()), "tasks.csv" + expected);
	}

	@Test
	void aTasksFileWithoutItsColumnsOrThereAtAllIsNamed() throws IOException {
		SchoolFiles school = school();
		Path tasks = school.tasksFile();
		Files.writeString(tasks, "pupil_id,rule,done_on\n");
		assertRefused(school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-09-04", "--tasks", tasks.toString()),
				"tasks.csv:1: the header has no column 'completed_on' (expected pupil_id,rule,completed_on)");
		assertRefused(school.run("evaluate", "st-johns-way.yaml", "--as-of", "2024-09-04", "--tasks", "nope.csv"),
				"nope.csv: no such file (--tasks)");
	}

	@Test
	void aMissingColumnIsNamed() throws IOException {
		SchoolFiles school = school();
		Path marks = school.marksFile();
		Files.writeString(marks, Files.readString(marks).replaceFirst("session", "sess"));
		SchoolFiles.Run run = SchoolFiles.Run.of("evaluate", "--policy", "policies/st-johns-way.yaml", "--pupils",
				school.pupilsFile().toString(), "--marks", marks.toString(), "--as-of", "2024-09-04");
		assertRefused(run, "marks.csv:1: the header has no column 'session'");
	}

	@Test
	void aBrokenPolicyIsRefusedWithItsFileLineAndKey() throws IOException {
		Path policies = this.folder.resolve("policies");
		copyPolicies(policies, (text) -> text.replace("attendance: {below: 92}", "attendance: {belw: 92}"));
		SchoolFiles school = school();
		SchoolFiles.Run run = SchoolFiles.Run.of("evaluate", "--policy",
				policies.resolve("st-johns-way.yaml").toString(), "--pupils", school.pupilsFile().toString(), "--marks",
				school.marksFile().toString(), "--as-of", "2024-09-04");
		assertRefused(run, "st-johns-way.yaml:", "belw");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', value = {
			"no as-of; --policy|policies/st-johns-way.yaml; evaluate: --as-of is required",
			"a typo in an option; --as-off|2024-09-04; evaluate: unknown option '--as-off'",
			"a bad as-of; --as-of|4 Sept; evaluate: --as-of '4 Sept' is not a date",
			"a bad time; --as-of|2024-09-04|--at|9.30; evaluate: --at '9.30' is not a time",
			"a missing file; --as-of|2024-09-04|--policy|policies/nope.yaml|--pupils|x.csv|--marks|y.csv; policies/nope.yaml: no such file (--policy)" })
	void badArgumentsAreNamed(String what, String args, String expected) {
		String[] argv = ("evaluate|" + args).split("\\|");
		assertRefused(SchoolFiles.Run.of(argv), expected);
	}

	@Test
	void anUnknownCommandIsNamed() {
		assertRefused(SchoolFiles.Run.of("evalute"), "unknown command 'evalute'");
	}

	static void copyPolicies(Path to, UnaryOperator<String> edit) throws IOException {
		Files.createDirectories(to.resolve("templates"));
		try (var files = Files.walk(Path.of("policies"))) {
			for (Path file : files.filter(Files::isRegularFile)
				.filter((f) -> f.toString().endsWith(".yaml"))
				.toList()) {
				Path target = to.resolve(Path.of("policies").relativize(file));
				Files.writeString(target, edit.apply(Files.readString(file)));
			}
		}
	}

}
