package org.attendancebridge.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attendancebridge.evaluator.Decision;
import org.attendancebridge.evaluator.DueAction;
import org.attendancebridge.evaluator.Simulation;
import org.attendancebridge.evaluator.Workload;

/**
 * {@code simulate --policy FILE --pupils pupils.csv --marks marks.csv --from D --to D [--format json|table] [--tasks tasks.csv]}:
 * every action the policy would have taken over the period, one JSON object per line,
 * then the workload per school week; {@code --format table} prints only the workload, as
 * a table.
 */
final class SimulateCommand {

	private static final Set<String> OPTIONS = Set.of("policy", "pupils", "marks", "tasks", "from", "to", "format");

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
		Simulation simulation = Simulation.run(input.policy(), input.calendar(), input.pupils(),
				Arrays.asList(input.registers()), input.tasks(), from, to, Replay.SCHOOL_ZONE);
		Workload workload = simulation.workload();
		StringBuilder text = new StringBuilder();
		if (format.equals("json")) {
			for (Decision decision : simulation.decisions()) {
				for (DueAction action : decision.actions()) {
					Map<String, Object> line = new LinkedHashMap<>();
					line.put("date", decision.date().toString());
					line.put("pupil_id", decision.pupilId());
					line.putAll(EvaluateCommand.action(action));
					text.append(EvaluateCommand.json(line)).append('\n');
				}
			}
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
		workload.rows().forEach((week, counts) -> {
			text.append(String.format("%-12s", week));
			counts.values().forEach((n) -> text.append(String.format("%11d", n)));
			text.append('\n');
		});
		text.append(String.format("%-12s", "total"));
		workload.totals().values().forEach((n) -> text.append(String.format("%11d", n)));
		text.append('\n');
	}

}
