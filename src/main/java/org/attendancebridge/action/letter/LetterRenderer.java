package org.attendancebridge.action.letter;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.PlannedAction.PupilFigures;
import org.attendancebridge.action.Placeholders;
import org.attendancebridge.document.HtmlPdf;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.policy.TemplateCatalog.Template;
import org.attendancebridge.store.PupilLookup.PupilCard;

/**
 * Renders a letter home as a PDF: the template's text with the pupil's own figures, a
 * table of those figures, the support offered and the next step. The store holds no
 * names, so the letter is addressed to "the parent or carer of a pupil in Year 9
 * (registration group 9B)" and says "your child"; the school adds the name and address
 * when it posts it. The UPN never appears.
 */
public final class LetterRenderer {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

	private static final String DEFAULT_SUPPORT = "Your child's tutor and Head of Year are here to help, and so "
			+ "is our attendance team: if anything is making school difficult, please tell us and we will work "
			+ "out together what would help.";

	private static final String DEFAULT_NEXT_STEP = "We will keep an eye on your child's attendance over the "
			+ "coming weeks and will be in touch. Please contact us at any time.";

	private final TemplateCatalog templates;

	public LetterRenderer(TemplateCatalog templates) {
		this.templates = templates;
	}

	/** The letter's text and figures, before layout: what the PDF says. */
	public record Letter(String subject, String addressee, String date, String body, Map<String, String> figures,
			String support, String nextStep, String reference) {
	}

	public Letter compose(PlannedAction action, PupilCard pupil, LocalDate today, String reference) {
		Template template = this.templates.get(action.template())
			.orElseThrow(() -> new IllegalArgumentException("no letter template '" + action.template() + "'"));
		String support = (template.support() != null) ? template.support() : DEFAULT_SUPPORT;
		Map<String, String> values = values(action.figures(), support);
		String subject = Placeholders.fill(template.id(),
				(template.subject() != null) ? template.subject() : "Your child's attendance", values);
		String body = Placeholders.fill(template.id(), template.text().get("en"), values);
		String nextStep = Placeholders.fill(template.id(),
				(template.nextStep() != null) ? template.nextStep() : DEFAULT_NEXT_STEP, values);
		return new Letter(subject, addressee(pupil), DATE.format(today), body,
				figures(action.figures(), action.decidedOn()), Placeholders.fill(template.id(), support, values),
				nextStep, reference);
	}

	public byte[] pdf(Letter letter, String schoolName) {
		return HtmlPdf.render(html(letter, schoolName), "letter " + letter.reference());
	}

	static String addressee(PupilCard pupil) {
		String year = (pupil == null || pupil.yearGroup() == null) ? null : pupil.yearGroup();
		String group = (pupil == null) ? null : pupil.registrationGroup();
		StringBuilder text = new StringBuilder("To the parent or carer of a pupil");
		if (year != null) {
			text.append(year.matches("[0-9]+") ? " in Year " + year : " in " + year);
		}
		if (group != null) {
			text.append(" (registration group ").append(group).append(')');
		}
		return text.toString();
	}

	private static Map<String, String> values(PupilFigures figures, String support) {
		int missed = figures.possibleSessions() - figures.attendedSessions();
		Map<String, String> values = new LinkedHashMap<>();
		values.put("parent_name", "parent or carer");
		values.put("child_name", "your child");
		values.put("attendance_pct", percent(figures.attendancePct()));
		values.put("sessions_missed", Integer.toString(missed));
		values.put("days_missed", days(missed));
		values.put("hours_lost", String.format(Locale.UK, "%.1f", figures.hoursLost()));
		values.put("unauthorised_sessions", Integer.toString(figures.unauthorisedSessions()));
		values.put("school_phone", "the school's usual number");
		values.put("attendance_officer", "the Attendance Officer");
		values.put("head_of_year", "your child's Head of Year");
		values.put("improvement_period", "a period we will agree with you");
		values.put("support_offered", support);
		return values;
	}

	private static Map<String, String> figures(PupilFigures figures, LocalDate asOf) {
		int missed = figures.possibleSessions() - figures.attendedSessions();
		Map<String, String> rows = new LinkedHashMap<>();
		rows.put("Attendance this school year, up to " + DATE.format(asOf), percent(figures.attendancePct()));
		rows.put("Sessions (half days) your child could have attended", Integer.toString(figures.possibleSessions()));
		rows.put("Sessions attended", Integer.toString(figures.attendedSessions()));
		rows.put("Sessions missed", missed + " (" + figures.authorisedSessions() + " authorised, "
				+ figures.unauthorisedSessions() + " unauthorised)");
		rows.put("School days missed", days(missed));
		rows.put("Hours of learning lost", String.format(Locale.UK, "%.1f", figures.hoursLost()));
		return rows;
	}

	private static String percent(double pct) {
		return String.format(Locale.UK, "%.1f%%", pct);
	}

	private static String days(int sessions) {
		return (sessions % 2 == 0) ? Integer.toString(sessions / 2) : (sessions / 2) + ".5";
	}

	private static String html(Letter letter, String schoolName) {
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"/><style>"
				+ "@page { size: A4; margin: 25mm 22mm; } body { font-family: sans-serif; font-size: 11pt; "
				+ "line-height: 1.45; color: #222; } .school { font-size: 15pt; font-weight: bold; } "
				+ ".date { margin: 4mm 0 8mm 0; } h1 { font-size: 13pt; margin: 6mm 0 4mm 0; } "
				+ "h2 { font-size: 11.5pt; margin: 6mm 0 2mm 0; } table { border-collapse: collapse; width: 100%; } "
				+ "td { border-bottom: 1px solid #ccc; padding: 1.5mm 2mm; } td.figure { text-align: right; "
				+ "font-weight: bold; width: 35%; } .reference { margin-top: 10mm; font-size: 8.5pt; color: #666; }"
				+ "</style></head><body>");
		html.append("<div class=\"school\">").append(HtmlPdf.escape(schoolName)).append("</div>");
		html.append("<div class=\"date\">").append(HtmlPdf.escape(letter.date())).append("</div>");
		html.append("<p>").append(HtmlPdf.escape(letter.addressee())).append("</p>");
		html.append("<h1>").append(HtmlPdf.escape(letter.subject())).append("</h1>");
		for (String paragraph : letter.body().split("\n\\s*\n")) {
			if (!paragraph.isBlank()) {
				html.append("<p>").append(HtmlPdf.escape(paragraph.trim()).replace("\n", "<br/>")).append("</p>");
			}
		}
		html.append("<h2>Your child's attendance at a glance</h2><table>");
		letter.figures()
			.forEach((label, value) -> html.append("<tr><td>")
				.append(HtmlPdf.escape(label))
				.append("</td><td class=\"figure\">")
				.append(HtmlPdf.escape(value))
				.append("</td></tr>"));
		html.append("</table>");
		html.append("<h2>Support we can offer</h2><p>").append(HtmlPdf.escape(letter.support())).append("</p>");
		html.append("<h2>What happens next</h2><p>").append(HtmlPdf.escape(letter.nextStep())).append("</p>");
		html.append("<div class=\"reference\">Our reference: ")
			.append(HtmlPdf.escape(letter.reference()))
			.append(" (please quote it if you reply)</div>");
		return html.append("</body></html>").toString();
	}

}
