package org.attendancebridge.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attendancebridge.evaluator.Decision;
import org.attendancebridge.evaluator.DueAction;

/**
 * {@code simulate --policy FILE --pupils pupils.csv --marks marks.csv --from D --to D [--format json|table]}:
 * every action the policy would have taken over the period, one JSON object per line,
 * then the workload per school week; {@code --format table} prints only the workload, as
 * a table.
 */
final class SimulateCommand {

	private static final Set<String> OPTIONS = Set.of("policy", "pupils", "marks", "from", "to", "format");

	private SimulateCommand() {
	}

	static int run(List<String> argList, PrintStream out) {
		Args args = Args.parse("simulate", argList, OPTIONS);
		LocalDate from = args.date("from");
		LocalDate to = args.date("to");
		if (to.isBefore(from)) {
			throw new InputException("simulate: --to " + to + " is before --from " + from);
		}
		String format = args.optional("format", "json");
		if (!format.equals("json") && !format.equals("table")) {
			throw new InputException("simulate: --format must be json or table, not '" + format + "'");
		}
		SchoolInput input = SchoolInput.read(args);
		List<Decision> decisions = new ArrayList<>(
				Replay.until(input, to, EvaluateCommand.END_OF_DAY, from).decisions());
		decisions.sort(java.util.Comparator.comparing(Decision::date).thenComparing(Decision::pupilId));
		Workload workload = new Workload(input.calendar(), from, to);
		StringBuilder text = new StringBuilder();
		for (Decision decision : decisions) {
			for (DueAction action : decision.actions()) {
				workload.count(decision.date(), action.kind());
				if (format.equals("json")) {
					Map<String, Object> line = new LinkedHashMap<>();
					line.put("date", decision.date().toString());
					line.put("pupil_id", decision.pupilId());
					line.putAll(EvaluateCommand.action(action));
					text.append(EvaluateCommand.json(line)).append('\n');
				}
			}
		}
		if (format.equals("json")) {
			workload.rows().forEach((week, counts) -> {
				Map<String, Object> line = new LinkedHashMap<>();
				line.put("week", week.toString());
				line.putAll(counts);
				text.append(EvaluateCommand.json(line)).append('\n');
			});
		}
		else {
			table(workload, text);
		}
		out.print(text);
		return 0;
	}

	private static void table(Workload workload, StringBuilder text) {
		text.append(String.format("%-12s", "week of"));
		Workload.COLUMNS.keySet().forEach((name) -> text.append(String.format("%11s", name)));
		text.append('\n');
		Map<String, Integer> totals = new LinkedHashMap<>();
		workload.rows().forEach((week, counts) -> {
			text.append(String.format("%-12s", week));
			counts.forEach((name, n) -> {
				text.append(String.format("%11d", n));
				totals.merge(name, n, Integer::sum);
			});
			text.append('\n');
		});
		text.append(String.format("%-12s", "total"));
		Workload.COLUMNS.keySet().forEach((name) -> text.append(String.format("%11d", totals.getOrDefault(name, 0))));
		text.append('\n');
	}

}
