package org.attendancebridge.mock.school;

import java.util.List;
import java.util.Set;

/**
 * What a generated school looks like: its id (also its path segment), the policy it runs,
 * the MIS it is on, its phase and roll, and the cases written by hand into it.
 */
public record SchoolSpec(String id, String name, String policy, MisKind mis, boolean primary, int roll,
		List<String> yearGroups, int formsPerYear, Set<ScriptedCase> cases) {

	public SchoolSpec {
		if (roll < 1) {
			throw new IllegalArgumentException("a school needs at least one pupil");
		}
		yearGroups = List.copyOf(yearGroups);
		cases = Set.copyOf(cases);
	}

	/** A school whose every pupil is drawn. */
	public SchoolSpec(String id, String name, String policy, MisKind mis, boolean primary, int roll,
			List<String> yearGroups, int formsPerYear) {
		this(id, name, policy, mis, primary, roll, yearGroups, formsPerYear, Set.of());
	}

	private static final List<String> SECONDARY = List.of("7", "8", "9", "10", "11");

	private static final List<String> PRIMARY = List.of("R", "1", "2", "3", "4", "5", "6");

	/**
	 * One school per seed policy, each on a MIS kind, at realistic rolls; St John's has a
	 * vulnerable pupil missing on the first morning, whose concern goes to CPOMS.
	 */
	public static List<SchoolSpec> defaults() {
		return List.of(
				new SchoolSpec("st-johns", "St John's Academy", "st-johns-way", MisKind.ARBOR, false, 1200, SECONDARY,
						8, Set.of(ScriptedCase.VULNERABLE_PUPIL_MISSING)),
				new SchoolSpec("staged", "Stagecoach Lane High School", "staged-approach", MisKind.SIMS, false, 900,
						SECONDARY, 6),
				new SchoolSpec("graduated", "Graduate Road Primary", "graduated-response", MisKind.CLASS_CHARTS, true,
						400, PRIMARY, 2),
				new SchoolSpec("toolkit", "Toolkit Park School", "attendance-toolkit", MisKind.WONDE, false, 600,
						SECONDARY, 4),
				new SchoolSpec("prevention", "Prevention Green Primary", "prevention-early-intervention", MisKind.ARBOR,
						true, 350, PRIMARY, 2));
	}

	/** The defaults with every roll replaced, for tests that want small schools. */
	public static List<SchoolSpec> defaults(int roll) {
		return defaults().stream().map(s -> s.withRoll(roll)).toList();
	}

	public SchoolSpec withRoll(int roll) {
		int forms = Math.max(1, Math.min(this.formsPerYear, roll / (this.yearGroups.size() * 20)));
		return new SchoolSpec(this.id, this.name, this.policy, this.mis, this.primary, roll, this.yearGroups, forms,
				this.cases);
	}

}
