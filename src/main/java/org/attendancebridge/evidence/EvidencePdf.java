package org.attendancebridge.evidence;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.attendancebridge.action.task.TaskStore.TaskRow;
import org.attendancebridge.document.HtmlPdf;
import org.attendancebridge.store.ActionLog.StoredEntry;
import org.attendancebridge.web.PupilDetail;

/**
 * A pupil's evidence pack as a PDF to print or attach to a referral: the figures, the
 * register day by day (each session's code and category), the corrections, the levels
 * entered, every action with each state it went through, the tasks and their outcomes,
 * and the chain's check. A referral puts a cover page before it.
 */
public final class EvidencePdf {

	private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final String STYLE = "@page { size: A4; margin: 16mm 14mm; } body { font-family: sans-serif; "
			+ "font-size: 8.5pt; color: #222; } h1 { font-size: 14pt; margin: 0 0 2mm 0; } h2 { font-size: 10.5pt; "
			+ "margin: 5mm 0 1.5mm 0; } table { border-collapse: collapse; width: 100%; } th { text-align: left; "
			+ "background: #eee; } td, th { border-bottom: 1px solid #ccc; padding: 0.8mm 1.5mm; vertical-align: top; } "
			+ ".hash { font-family: monospace; font-size: 6.5pt; } .broken { color: #a00; font-weight: bold; } "
			+ ".ok { color: #060; font-weight: bold; } .UNAUTHORISED_ABSENCE { background: #f6c6c6; } "
			+ ".AUTHORISED_ABSENCE { background: #fbe3b9; } .PRESENT, .APPROVED_EDUCATIONAL_ACTIVITY { background: #d9f0d9; }";

	private EvidencePdf() {
	}

	/**
	 * A page put before the pack, such as a referral's: a title and paragraphs.
	 */
	public record Cover(String title, List<String> paragraphs) {
	}

	public static byte[] render(PupilEvidence evidence) {
		return render(evidence, null);
	}

	/** The pack, after a cover page when {@code cover} is not null. */
	public static byte[] render(PupilEvidence evidence, Cover cover) {
		return HtmlPdf.render(html(evidence, cover), "the evidence pack of pupil " + evidence.pupil().pupilId());
	}

	static String html(PupilEvidence evidence, Cover cover) {
		PupilDetail pupil = evidence.pupil();
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"/><style>")
			.append(STYLE)
			.append("</style></head><body>");
		if (cover != null) {
			html.append("<div style=\"page-break-after: always\"><h1>").append(e(cover.title())).append("</h1>");
			cover.paragraphs().forEach((paragraph) -> html.append("<p>").append(e(paragraph)).append("</p>"));
			html.append("</div>");
		}
		html.append("<h1>Attendance evidence: pupil ").append(e(pupil.pupilId())).append("</h1>");
		html.append("<p>")
			.append(e(evidence.schoolName()))
			.append(" (")
			.append(e(pupil.school()))
			.append("), policy ")
			.append(e(evidence.policy()))
			.append(". Year ")
			.append(e(pupil.yearGroup()))
			.append(", registration group ")
			.append(e(pupil.registrationGroup()))
			.append(". Gathered ")
			.append(AT.format(evidence.gatheredAt()))
			.append(". The pupil is named by the school's internal id only.</p>");
		boolean ok = evidence.chain().ok();
		html.append("<p class=\"")
			.append(ok ? "ok" : "broken")
			.append("\">")
			.append(e(EvidenceFigures.chainText(evidence.chain())))
			.append("</p>");
		table(html, "Figures this school year", List.of("figure", "value"),
				EvidenceFigures.of(pupil).entrySet().stream().map((f) -> List.of(f.getKey(), f.getValue())).toList());
		table(html, "Levels entered", List.of("date", "level", "why"),
				pupil.stageHistory()
					.stream()
					.map((s) -> List.of(s.date().toString(), s.stage(), s.explanation()))
					.toList());
		table(html, "Actions", List.of("id", "created", "rule", "kind", "state", "why"),
				pupil.actions()
					.stream()
					.map((a) -> List.of(Long.toString(a.id()), AT.format(a.createdAt()), a.rule(), a.kind(), a.state(),
							text(a.explanation())))
					.toList());
		html.append("<h2>Action log entries</h2><table><tr><th>seq</th><th>at</th><th>action</th><th>state</th>"
				+ "<th>by</th><th>provider id</th><th>detail</th></tr>");
		for (StoredEntry entry : evidence.log()) {
			html.append("<tr><td>")
				.append(entry.seq())
				.append("</td><td>")
				.append(AT.format(entry.at()))
				.append("</td><td>")
				.append(entry.outboxId())
				.append(' ')
				.append(e(entry.kind()))
				.append("</td><td>")
				.append(e(entry.state()))
				.append("</td><td>")
				.append(e(entry.actor()))
				.append("</td><td>")
				.append(e(entry.providerId()))
				.append("</td><td>")
				.append(e(entry.detail()))
				.append("<div class=\"hash\">")
				.append(e(entry.hash()))
				.append("</div></td></tr>");
		}
		html.append("</table>");
		table(html, "Tasks", List.of("id", "action", "task", "owner", "due", "completed", "outcome"), evidence.tasks()
			.stream()
			.map((t) -> List.of(Long.toString(t.id()), Long.toString(t.actionId()), t.template(), owner(t),
					t.dueOn().toString(), t.done() ? AT.format(t.completedAt()) + " by " + t.completedBy() : "open",
					text(t.outcome())))
			.toList());
		table(html, "Corrections to the register", List.of("date", "session", "was", "now", "why", "when"),
				evidence.corrections()
					.stream()
					.map((c) -> List.of(c.date(), c.session(), c.oldCode(), text(c.newCode()), text(c.reason()),
							(c.changedAt() == null) ? "" : AT.format(c.changedAt())))
					.toList());
		register(html, pupil.marks());
		return html.append("</body></html>").toString();
	}

	/**
	 * The register, a row per school day, each session's code coloured by its category.
	 */
	private static void register(StringBuilder html, List<PupilDetail.MarkView> marks) {
		Map<LocalDate, Map<String, PupilDetail.MarkView>> days = new LinkedHashMap<>();
		marks.forEach((m) -> days.computeIfAbsent(m.date(), (d) -> new LinkedHashMap<>()).put(m.session(), m));
		html.append("<h2>Register</h2><table><tr><th>date</th><th>AM</th><th>PM</th></tr>");
		days.forEach((day, sessions) -> {
			html.append("<tr><td>").append(day).append(' ').append(day.getDayOfWeek().toString(), 0, 3).append("</td>");
			for (String session : List.of("AM", "PM")) {
				PupilDetail.MarkView mark = sessions.get(session);
				if (mark == null) {
					html.append("<td></td>");
				}
				else {
					html.append("<td class=\"")
						.append(e(mark.category()))
						.append("\">")
						.append(e(mark.code()))
						.append(" ")
						.append(e(mark.category().toLowerCase().replace('_', ' ')))
						.append("</td>");
				}
			}
			html.append("</tr>");
		});
		html.append("</table>");
	}

	private static void table(StringBuilder html, String title, List<String> head, List<List<String>> rows) {
		html.append("<h2>").append(e(title)).append("</h2>");
		if (rows.isEmpty()) {
			html.append("<p>None.</p>");
			return;
		}
		html.append("<table><tr>");
		head.forEach((h) -> html.append("<th>").append(e(h)).append("</th>"));
		html.append("</tr>");
		for (List<String> row : rows) {
			html.append("<tr>");
			row.forEach((cell) -> html.append("<td>").append(e(cell)).append("</td>"));
			html.append("</tr>");
		}
		html.append("</table>");
	}

	static String owner(TaskRow task) {
		return task.ownerStaff().isEmpty() ? task.ownerRole()
				: task.ownerRole() + " " + String.join(", ", task.ownerStaff());
	}

	private static String text(String value) {
		return (value == null) ? "" : value;
	}

	private static String e(String text) {
		return HtmlPdf.escape(text);
	}

}
