package org.attendancebridge.evidence;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.attendancebridge.action.task.TaskStore.TaskRow;
import org.attendancebridge.store.ActionLog.StoredEntry;
import org.attendancebridge.store.ActionLogCheck.ChainReport;
import org.attendancebridge.store.OutboxStore.ActionRow;
import org.attendancebridge.web.PupilDetail;

/**
 * A pupil's evidence pack as one CSV table, a row per fact, so it can be filtered and
 * sorted in a spreadsheet: {@code pack}, then {@code figure}, {@code mark},
 * {@code correction}, {@code stage}, {@code action}, {@code log}, {@code task} (its due
 * date, its completion) and last {@code chain}. Times are UTC instants; school days are
 * dates.
 */
public final class EvidenceCsv {

	static final List<String> COLUMNS = List.of("record", "date", "at", "session", "code", "category", "rule", "kind",
			"state", "actor", "action_id", "provider_id", "log_seq", "log_hash", "detail");

	private EvidenceCsv() {
	}

	public static String write(PupilEvidence evidence) {
		StringBuilder csv = new StringBuilder();
		line(csv, COLUMNS);
		PupilDetail pupil = evidence.pupil();
		row(csv, (r) -> r.put("record", "pack")
			.put("at", evidence.gatheredAt())
			.put("detail",
					"school " + pupil.school() + " (" + evidence.schoolName() + "), pupil " + pupil.pupilId()
							+ ", year " + pupil.yearGroup() + ", registration group " + pupil.registrationGroup()
							+ ", policy " + evidence.policy()));
		EvidenceFigures.of(pupil)
			.forEach(
					(name, value) -> row(csv, (r) -> r.put("record", "figure").put("rule", name).put("detail", value)));
		for (PupilDetail.MarkView mark : pupil.marks()) {
			row(csv, (r) -> r.put("record", "mark")
				.put("date", mark.date())
				.put("session", mark.session())
				.put("code", mark.code())
				.put("category", mark.category()));
		}
		for (PupilEvidence.Correction correction : evidence.corrections()) {
			row(csv, (r) -> r.put("record", "correction")
				.put("date", correction.date())
				.put("at", correction.changedAt())
				.put("session", correction.session())
				.put("code", correction.newCode())
				.put("detail", "was " + correction.oldCode() + ": " + correction.reason()
						+ ((correction.source() == null) ? "" : " (" + correction.source() + ")")));
		}
		for (PupilDetail.StageEntry stage : pupil.stageHistory()) {
			row(csv, (r) -> r.put("record", "stage")
				.put("date", stage.date())
				.put("rule", stage.stage())
				.put("detail", stage.explanation()));
		}
		for (ActionRow action : pupil.actions()) {
			row(csv, (r) -> r.put("record", "action")
				.put("at", action.createdAt())
				.put("rule", action.rule())
				.put("kind", action.kind())
				.put("state", action.state())
				.put("action_id", action.id())
				.put("detail", action.explanation()));
		}
		for (StoredEntry entry : evidence.log()) {
			row(csv, (r) -> r.put("record", "log")
				.put("at", entry.at())
				.put("rule", entry.rule())
				.put("kind", entry.kind())
				.put("state", entry.state())
				.put("actor", entry.actor())
				.put("action_id", entry.outboxId())
				.put("provider_id", entry.providerId())
				.put("log_seq", entry.seq())
				.put("log_hash", entry.hash())
				.put("detail", entry.detail()));
		}
		for (TaskRow task : evidence.tasks()) {
			row(csv, (r) -> r.put("record", "task")
				.put("date", task.dueOn())
				.put("at", task.completedAt())
				.put("rule", task.rule())
				.put("kind", "task")
				.put("state", task.state())
				.put("actor", task.completedBy())
				.put("action_id", task.actionId())
				.put("provider_id", "task-" + task.id())
				.put("detail", task.template() + " for " + EvidencePdf.owner(task)
						+ ((task.outcome() == null) ? "" : ": " + task.outcome())));
		}
		ChainReport chain = evidence.chain();
		row(csv, (r) -> r.put("record", "chain")
			.put("state", chain.ok() ? "INTACT" : "BROKEN")
			.put("log_seq", chain.headSeq())
			.put("log_hash", chain.headHash())
			.put("detail", EvidenceFigures.chainText(chain)));
		return csv.toString();
	}

	/** One row's cells by column. */
	private static final class Row {

		private final String[] cells = new String[COLUMNS.size()];

		Row put(String column, Object value) {
			int index = COLUMNS.indexOf(column);
			if (index < 0) {
				throw new IllegalArgumentException("no column " + column);
			}
			this.cells[index] = (value == null) ? null : value.toString();
			return this;
		}

	}

	private static void row(StringBuilder csv, Consumer<Row> fill) {
		Row row = new Row();
		fill.accept(row);
		line(csv, Arrays.asList(row.cells));
	}

	private static void line(StringBuilder csv, List<String> cells) {
		for (int i = 0; i < cells.size(); i++) {
			csv.append((i == 0) ? "" : ",").append(cell(cells.get(i)));
		}
		csv.append("\r\n");
	}

	/**
	 * RFC 4180 quoting; a cell a spreadsheet would take for a formula (starting =, +, -,
	 * @, a tab or a carriage return) is quoted with a leading apostrophe, so opening the
	 * pack runs nothing.
	 */
	static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		// A lone "-" is the register's "no mark yet", not a formula.
		boolean formula = "=+@\t\r".indexOf(value.charAt(0)) >= 0 || (value.charAt(0) == '-' && value.length() > 1);
		String text = formula ? "'" + value : value;
		boolean quote = text.chars().anyMatch((c) -> c == ',' || c == '"' || c == '\n' || c == '\r');
		return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
	}

}
