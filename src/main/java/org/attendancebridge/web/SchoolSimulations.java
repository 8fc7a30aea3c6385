package org.attendancebridge.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.attendancebridge.adapter.PolicyCatalog;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.evaluator.Simulation;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.store.StoredRoll;

import org.springframework.stereotype.Service;

/**
 * {@code simulate} for a school in the dashboard and the API: a policy (the school's own
 * or any other the adapter runs) replayed over the school's register as stored now, and
 * the workload it would have made week by week over a past period. Bad input is an
 * {@link IllegalArgumentException} naming the parameter and the problem.
 */
@Service
public class SchoolSimulations {

	/** A period longer than a school year is not a question anyone asks. */
	static final int MAX_DAYS = 366;

	private final StoredRoll roll;

	private final PolicyCatalog policies;

	private final ConnectorRegistry connectors;

	private final Clock clock;

	public SchoolSimulations(StoredRoll roll, PolicyCatalog policies, ConnectorRegistry connectors, Clock clock) {
		this.roll = roll;
		this.policies = policies;
		this.connectors = connectors;
		this.clock = clock;
	}

	/**
	 * One school week's workload.
	 *
	 * @param week its Monday
	 * @param meetings every task: a meeting, call or visit to arrange
	 */
	public record Week(LocalDate week, int letters, int texts, int meetings, int referrals, int alerts, int notes,
			int amendments, int concerns) {

		static Week of(LocalDate week, Map<String, Integer> counts) {
			return new Week(week, counts.get("letters"), counts.get("texts"), counts.get("meetings"),
					counts.get("referrals"), counts.get("alerts"), counts.get("notes"), counts.get("amendments"),
					counts.get("concerns"));
		}

		public int total() {
			return this.letters + this.texts + this.meetings + this.referrals + this.alerts + this.notes
					+ this.amendments + this.concerns;
		}

	}

	/**
	 * What a policy would have made the school do.
	 *
	 * @param pupils the pupils replayed (those with marks this school year)
	 * @param actions every action that fell due in the period
	 * @param weeks every school week of the period, quiet ones too
	 * @param totals the whole period's workload, by column (letters, texts, meetings,
	 * referrals, alerts, notes, amendments, concerns)
	 */
	public record Forecast(String school, String policy, LocalDate from, LocalDate to, int pupils, int actions,
			List<Week> weeks, Map<String, Integer> totals) {

		/** The busiest week's number of actions (at least 1), to scale the bars by. */
		public int busiest() {
			return Math.max(1, this.weeks.stream().mapToInt(Week::total).max().orElse(0));
		}

	}

	/** The school's own policy and the school year so far: the page's first answer. */
	public record Defaults(String policy, LocalDate from, LocalDate to) {
	}

	/** The policies a school may be simulated with, by id, with their names. */
	public Map<String, String> policies() {
		return this.policies.policies()
			.stream()
			.collect(Collectors.toMap(Policy::id, Policy::name, (a, b) -> a, TreeMap::new));
	}

	public Defaults defaults(SchoolRow school) {
		LocalDate today = today(school);
		Policy own = this.policies.find(school.policy()).orElseThrow();
		return new Defaults(own.id(), StoredRoll.yearStart(today, own.settings().yearStart()), today);
	}

	/**
	 * @param policyId a policy's id
	 * @param fromText the first day, YYYY-MM-DD
	 * @param toText the last day, YYYY-MM-DD, today at the latest
	 */
	public Forecast simulate(SchoolRow school, String policyId, String fromText, String toText) {
		Policy policy = policy(policyId);
		LocalDate from = date("from", fromText);
		LocalDate to = date("to", toText);
		LocalDate today = today(school);
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("to: " + to + " is before from " + from);
		}
		if (to.isAfter(today)) {
			throw new IllegalArgumentException(
					"to: " + to + " is after today (" + today + "): a simulation looks at a past period");
		}
		if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
			throw new IllegalArgumentException("from, to: " + from + " to " + to + " is longer than a year");
		}
		ZoneId zone = zone(school);
		StoredRoll.Roll stored = this.roll.load(school.id(), StoredRoll.yearStart(from, policy.settings().yearStart()),
				zone);
		Simulation simulation = Simulation.run(policy, stored.calendar(), stored.pupils(), stored.registers(),
				stored.completions(), from, to, zone);
		List<Week> weeks = simulation.workload()
			.rows()
			.entrySet()
			.stream()
			.map((row) -> Week.of(row.getKey(), row.getValue()))
			.toList();
		int actions = simulation.decisions().stream().mapToInt((decision) -> decision.actions().size()).sum();
		return new Forecast(school.id(), policy.id(), from, to, stored.pupils().size(), actions, weeks,
				simulation.workload().totals());
	}

	private Policy policy(String id) {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException(
					"policy: name a policy (" + String.join(", ", policies().keySet()) + ")");
		}
		return this.policies.find(id)
			.orElseThrow(() -> new IllegalArgumentException(
					"policy: no policy '" + id + "' (policies: " + String.join(", ", policies().keySet()) + ")"));
	}

	private static LocalDate date(String parameter, String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException(parameter + ": a date is needed (YYYY-MM-DD)");
		}
		try {
			return LocalDate.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(parameter + ": '" + text + "' is not a date (YYYY-MM-DD)");
		}
	}

	private ZoneId zone(SchoolRow school) {
		return this.connectors.timeZone(school.id());
	}

	private LocalDate today(SchoolRow school) {
		return this.clock.instant().atZone(zone(school)).toLocalDate();
	}

}
