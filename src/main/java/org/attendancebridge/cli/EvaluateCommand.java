package org.attendancebridge.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.attendancebridge.evaluator.Decision;
import org.attendancebridge.evaluator.DueAction;
import org.attendancebridge.evaluator.PupilTrack;
import org.attendancebridge.evaluator.SchoolReplay;
import org.attendancebridge.evaluator.Simulation;
import org.attendancebridge.evaluator.ToolkitReport;
import org.attendancebridge.model.AttendanceStats;
import org.attendancebridge.model.Percent;
import org.attendancebridge.model.Trend;

/**
 * {@code evaluate --policy FILE --pupils pupils.csv --marks marks.csv --as-of DATE [--at HH:MM] [--tasks tasks.csv]}:
 * where each pupil stands on the as-of date and what fires then, as a JSON array sorted
 * by pupil id (design.md, "CLI contract"). The tasks completed start the reviews that
 * wait for them; without them those reviews wait as long as the policy lets them.
 */
final class EvaluateCommand {

	static final LocalTime END_OF_DAY = Simulation.END_OF_DAY;

	private static final Set<String> OPTIONS = Set.of("policy", "pupils", "marks", "tasks", "as-of", "at");

	/** Weeks compared by the trend: the last four against the four before. */
	private static final int TREND_WEEKS = 4;

	private static final ObjectMapper JSON = new ObjectMapper();

	private EvaluateCommand() {
	}

	static int run(List<String> argList, PrintStream out) {
		Args args = Args.parse("evaluate", argList, OPTIONS);
		LocalDate asOf = args.date("as-of");
		LocalTime at = args.time("at", END_OF_DAY);
		SchoolInput input = SchoolInput.read(args);
		SchoolReplay replay = Replay.until(input, asOf, at, asOf);
		Map<String, List<Decision>> byPupil = new LinkedHashMap<>();
		for (Decision decision : replay.decisions()) {
			byPupil.computeIfAbsent(decision.pupilId(), (id) -> new ArrayList<>()).add(decision);
		}
		ToolkitReport toolkit = ToolkitReport.of(input.policy(), replay.tracks());
		int lastDay = replay.evaluator().replayEnd() - 1;
		// Nothing can go wrong with the input from here on, so the output may stream.
		PrintWriter text = new PrintWriter(
				new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
		text.append('[');
		for (int i = 0; i < replay.tracks().size(); i++) {
			PupilTrack track = replay.tracks().get(i);
			Map<String, Object> pupil = pupil(input, replay, track, byPupil.getOrDefault(track.pupil().id(), List.of()),
					toolkit.get(track.pupil().id()));
			Trend trend = (input.registers()[i] == null) ? null
					: Trend.of(input.registers()[i], input.calendar(), lastDay, TREND_WEEKS);
			pupil.put("trend", (trend == null) ? 0.0 : Percent.oneDecimal(trend.change()));
			text.append((i == 0) ? "\n" : ",\n").append(json(pupil));
		}
		text.append(replay.tracks().isEmpty() ? "]" : "\n]").append('\n');
		text.flush();
		return 0;
	}

	private static Map<String, Object> pupil(SchoolInput input, SchoolReplay replay, PupilTrack track,
			List<Decision> decisions, ToolkitReport.Entry toolkit) {
		AttendanceStats stats = track.stats();
		Set<String> fired = new LinkedHashSet<>();
		List<Map<String, Object>> actions = new ArrayList<>();
		List<Map<String, Object>> explanations = new ArrayList<>();
		for (Decision decision : decisions) {
			fired.add(decision.rule());
			explanations.add(ordered("rule", decision.rule(), "explanation", decision.explanation()));
			for (DueAction action : decision.actions()) {
				actions.add(action(action));
			}
		}
		Map<String, Object> pupil = new LinkedHashMap<>();
		pupil.put("pupil_id", track.pupil().id());
		pupil.put("attendance_pct", track.attendancePct());
		pupil.put("possible_sessions", track.possibleSessions());
		pupil.put("stage", replay.stageOf(track));
		pupil.put("fired", List.copyOf(fired));
		pupil.put("actions", actions);
		pupil.put("explanations", explanations);
		int entered = track.stageEnteredDay();
		pupil.put("stage_since",
				(track.stageRank() < 0 || entered < 0) ? null : input.calendar().day(entered).toString());
		pupil.put("year_group", track.pupil().yearGroup());
		pupil.put("attended_sessions", stats.attended());
		pupil.put("authorised_sessions", stats.authorised());
		pupil.put("unauthorised_sessions", stats.unauthorised());
		pupil.put("illness_sessions", stats.illness());
		pupil.put("hours_lost", stats.hoursLost(input.policy().settings().hoursPerSession()));
		pupil.put("consecutive_days_absent", track.consecutiveDaysAbsent());
		pupil.put("rag", (toolkit.rag() == null) ? null : toolkit.rag().name());
		pupil.put("red10", toolkit.red10());
		pupil.put("flags", toolkit.flags().stream().map(Enum::name).toList());
		pupil.put("perfect_weeks", toolkit.perfectWeeks());
		return pupil;
	}

	static Map<String, Object> action(DueAction action) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("rule", action.rule());
		json.put("kind", action.kind().id());
		json.put("recipient", action.recipient());
		json.put("template", action.template());
		if (!action.copyTo().isEmpty()) {
			json.put("copy_to", action.copyTo());
		}
		json.put("due", action.due().toString());
		if (action.markDate() != null) {
			json.put("mark_date", action.markDate().toString());
		}
		if (action.amendTo() != null) {
			json.put("amend_to", action.amendTo().symbol());
		}
		return json;
	}

	static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	static String json(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("cannot write JSON", ex);
		}
	}

}
