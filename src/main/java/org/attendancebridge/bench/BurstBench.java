package org.attendancebridge.bench;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code bench burst}: the morning burst of a local authority. Many schools on the mock
 * Arbor, their registers up to the day before already stored (the setup, untimed); then
 * the registers close, the clock moves to 09:00 and every school is polled at once, as
 * their Quartz triggers would fire, on as many threads as the Quartz pool has (10), each
 * poll storing the new marks and replaying the whole roll through the policy. The
 * first-day texts fall due at 09:30 (the policy waits for a reason until then): every
 * school is polled again, proposes them, and the adapter sends them to the mock gateway
 * at its 3,000 a minute. The time runs from 09:30 until the gateway accepted the last;
 * the floor is those texts at the gateway's rate.
 * <p>
 * The mock and each adapter instance run in JVMs of their own, so each instance's heap is
 * its own. With {@code --instances N} the same morning is run with one instance, then
 * with N sharing the work (clustered, each polling a share of the schools, the outbox
 * shared through its leases), each on a fresh database and mock.
 */
final class BurstBench {

	/** The school day of the burst: the Monday after half term. */
	static final LocalDate DAY = LocalDate.of(2024, 11, 11);

	/** When the setup stores the registers of the days before. */
	static final LocalTime SETUP = LocalTime.of(8, 0);

	/** The morning registers are closed (the mock takes them at 08:50). */
	static final LocalTime REGISTERS_CLOSED = LocalTime.of(9, 0);

	/** By when every first-day text should have gone. */
	static final LocalTime DEADLINE = LocalTime.of(9, 30);

	private BurstBench() {
	}

	static void run(BenchOptions options, PrintStream out) {
		long started = System.nanoTime();
		List<FirstDayTexts.Rule> everywhere = FirstDayTexts.in(options.policies());
		List<FirstDayTexts.Rule> rules = everywhere.stream()
			.filter((rule) -> rule.policy().equals(IngestBench.POLICY))
			.toList();
		if (rules.isEmpty()) {
			throw new IllegalArgumentException(IngestBench.POLICY + " in " + options.policies()
					+ " sends no text on a first day of absence: there is nothing to time");
		}
		LocalTime due = rules.stream()
			.map(FirstDayTexts.Rule::due)
			.filter(Objects::nonNull)
			.filter(REGISTERS_CLOSED::isBefore)
			.max(LocalTime::compareTo)
			.orElse(REGISTERS_CLOSED);
		out.println("schools: " + options.schools());
		out.println("roll: " + options.pupils() + " pupils each, policy " + IngestBench.POLICY + ", on the mock Arbor");
		out.println("day: " + DAY + ": registers stored up to the day before from " + SETUP + "; registers closed at "
				+ REGISTERS_CLOSED + "; first-day texts due at " + due);
		out.println(
				"first-day texts: " + rules.stream().map(FirstDayTexts.Rule::toString).collect(Collectors.joining(", "))
						+ "; every policy in " + options.policies() + " that texts on a first day: "
						+ everywhere.stream().map(FirstDayTexts.Rule::toString).collect(Collectors.joining(", ")));
		out.println("threads: " + options.threads() + " per instance (polls at once, as the Quartz pool runs them)");
		out.println("dispatch: texts to the mock gateway (" + options.gatewayPerMinute() + " a minute), "
				+ BurstAdapter.SMS_SENDERS
				+ " at once per instance; every other kind a dry run (proposed, never sent)");
		Set<String> timed = rules.stream().map(FirstDayTexts.Rule::rule).collect(Collectors.toSet());
		List<Integer> runs = (options.instances() == 1) ? List.of(1) : List.of(1, options.instances());
		List<BurstRun.Result> results = new ArrayList<>();
		for (int instances : runs) {
			if (runs.size() > 1) {
				out.println("--- " + instances + ((instances == 1) ? " instance" : " instances"));
			}
			results.add(BurstRun.run(options, instances, timed, due, out));
		}
		BurstRun.Result last = results.get(results.size() - 1);
		if (results.size() > 1) {
			BurstRun.Result one = results.get(0);
			out.println("throughput with " + last.instances() + " instances: " + last.perMinute()
					+ " texts a minute, with one: " + one.perMinute() + " ("
					+ BenchFigures.twoDecimals((double) last.perMinute() / Math.max(1, one.perMinute())) + "x)");
		}
		long twice = results.stream().mapToLong(BurstRun.Result::sentTwice).sum();
		out.println("no text sent twice: " + ((twice == 0) ? "yes" : "NO, " + twice + " references accepted twice")
				+ " (the gateway's journal, by reference" + ((results.size() > 1) ? ", every run" : "") + ")");
		out.println("wall time: " + BenchFigures.millis(System.nanoTime() - started) + " ms");
		out.println("ratio divides: total / floor (from " + due + " to the last first-day text accepted by the gateway"
				+ " / those texts at " + options.gatewayPerMinute() + " a minute"
				+ ((results.size() > 1) ? "; with " + last.instances() + " instances" : "") + ")");
		out.println("ratio: " + BenchFigures.twoDecimals(last.ratio()));
	}

}
