package org.attendancebridge.connector.arbor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MarkAmendment;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisConnectors;
import org.attendancebridge.connector.MisDocument;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisKind;
import org.attendancebridge.connector.MisNote;
import org.attendancebridge.connector.MisWriteRefused;
import org.attendancebridge.connector.MisWriter;
import org.attendancebridge.connector.MisWritten;

import org.springframework.stereotype.Component;

/**
 * Writes to Arbor: a note as a {@code PastoralNote}, an alert to staff as an
 * {@code AttendanceFollowUp} assigned to the first of them (all named in its content), a
 * mark amendment through {@code attendance-registration} with the reason in the mark's
 * {@code note}, a letter as a {@code StudentDocument} (our own resource: Arbor publishes
 * no document upload, see the README) with the PDF in base64 and our reference as its
 * {@code externalReference}. Our reference ends the content or note; look-ups read the
 * pupil's notes, the day's records or the documents with our reference back. Arbor's
 * errors come inside a 200 or 422 body and are refusals.
 */
@Component
public class ArborWriter implements MisWriter {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String PREFIX = "arbor-";

	private static final String STAFF_PREFIX = "arbor-staff-";

	/** Our resource for documents on a student (no public Arbor contract). */
	static final String DOCUMENTS = "student-documents";

	private final MisConnectors support;

	public ArborWriter(MisConnectors support) {
		this.support = support;
	}

	@Override
	public MisKind kind() {
		return MisKind.ARBOR;
	}

	private MisAuth auth(ConnectorConfig school) {
		return MisAuth.basic(this.support.secret(school, "username"), this.support.secret(school, "password"));
	}

	private ArborClient reader(ConnectorConfig school) {
		return new ArborClient(this.support.http(school), auth(school), school.id());
	}

	@Override
	public MisWritten addNote(ConnectorConfig school, MisNote note) {
		NoteKind kind = NoteKind.of(note);
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("student", studentRef(school, note.pupilId()));
		if (note.isAlert()) {
			fields.put("followUpType", "Staff alert");
			String staff = note.staffIds().get(0);
			if (staff.startsWith(STAFF_PREFIX)) {
				fields.put("assignedStaff", Map.of("entityType", "Staff", "href",
						"/rest-v2/staff/" + staff.substring(STAFF_PREFIX.length())));
			}
		}
		fields.put("summary", note.title());
		fields.put("content", note.body());
		fields.put("noteDate", this.support.today(school) + " 00:00:00");
		JsonNode answer = post(school, kind.path, Map.of(kind.key, fields));
		String href = answer.path(kind.key).path("href").asText("");
		return new MisWritten(href, "Arbor " + kind.entity + " " + href);
	}

	@Override
	public Optional<MisWritten> findNote(ConnectorConfig school, MisNote note) {
		NoteKind kind = NoteKind.of(note);
		for (JsonNode found : reader(school).list(kind.path, kind.listKey,
				Map.of("student.equals", String.valueOf(studentId(school, note.pupilId()))))) {
			if (found.path("content").asText("").contains("[" + note.reference() + "]")) {
				String href = found.path("href").asText("");
				return Optional.of(new MisWritten(href, "Arbor " + kind.entity + " " + href + " found"));
			}
		}
		return Optional.empty();
	}

	@Override
	public MisWritten amend(ConnectorConfig school, MarkAmendment amendment) {
		ArborClient reader = reader(school);
		Map<Long, String> codes = new HashMap<>();
		Long toId = null;
		for (JsonNode mark : reader.list("attendance-marks", "attendanceMarks", Map.of())) {
			String code = mark.path("code").asText("");
			codes.put(ArborClient.idOf(mark), code);
			if (code.equals(amendment.to())) {
				toId = ArborClient.idOf(mark);
			}
		}
		if (toId == null) {
			throw new MisWriteRefused(
					school.id() + ": Arbor has no attendance mark '" + amendment.to() + "' to amend to");
		}
		List<Map<String, Object>> marks = new ArrayList<>();
		for (JsonNode record : records(reader, school, amendment)) {
			if (amendment.from().equals(codes.get(ArborClient.idOf(record.path("attendanceMark"))))) {
				Map<String, Object> mark = new LinkedHashMap<>();
				mark.put("student", studentRef(school, amendment.pupilId()));
				mark.put("attendanceMark",
						Map.of("entityType", "AttendanceMark", "href", "/rest-v2/attendance-marks/" + toId));
				mark.put("sessionStartTime", record.path("startDatetime").path("date").asText());
				mark.put("minutesLate", 0);
				mark.put("note", amendment.comment());
				marks.add(mark);
			}
		}
		if (marks.isEmpty()) {
			return new MisWritten(null, "no session of " + amendment.date() + " is still " + amendment.from()
					+ " in Arbor: nothing to amend");
		}
		JsonNode answer = post(school, "attendance-registration", Map.of("marks", marks));
		List<String> hrefs = new ArrayList<>();
		answer.path("attendanceRecords").forEach((r) -> hrefs.add(r.path("href").asText()));
		return new MisWritten(String.join(",", hrefs), marks.size() + " session(s) of " + amendment.date() + " amended "
				+ amendment.from() + " to " + amendment.to() + " in Arbor");
	}

	@Override
	public Optional<MisWritten> findAmendment(ConnectorConfig school, MarkAmendment amendment) {
		List<String> hrefs = new ArrayList<>();
		for (JsonNode record : records(reader(school), school, amendment)) {
			if (record.path("note").asText("").contains("[" + amendment.reference() + "]")) {
				hrefs.add(record.path("href").asText());
			}
		}
		return hrefs.isEmpty() ? Optional.empty() : Optional.of(new MisWritten(String.join(",", hrefs), hrefs.size()
				+ " session(s) of " + amendment.date() + " found amended in Arbor by " + amendment.reference()));
	}

	@Override
	public MisWritten attach(ConnectorConfig school, MisDocument document) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("externalReference", document.reference());
		fields.put("student", studentRef(school, document.pupilId()));
		fields.put("title", document.title());
		fields.put("fileName", document.fileName());
		fields.put("contentType", MisDocument.CONTENT_TYPE);
		fields.put("content", document.base64());
		JsonNode answer = post(school, DOCUMENTS, Map.of("studentDocument", fields));
		String href = answer.path("studentDocument").path("href").asText("");
		return new MisWritten(href, "Arbor StudentDocument " + href + " (" + document.pdf().length + " bytes)");
	}

	@Override
	public Optional<MisWritten> findDocument(ConnectorConfig school, MisDocument document) {
		for (JsonNode found : reader(school).list(DOCUMENTS, "studentDocuments",
				Map.of("student.equals", String.valueOf(studentId(school, document.pupilId())),
						"externalReference.equals", document.reference()))) {
			String href = found.path("href").asText("");
			return Optional.of(new MisWritten(href, "Arbor StudentDocument " + href + " found"));
		}
		return Optional.empty();
	}

	private static List<JsonNode> records(ArborClient reader, ConnectorConfig school, MarkAmendment amendment) {
		return reader.list("attendance-records", "attendanceRecords",
				Map.of("student.equals", String.valueOf(studentId(school, amendment.pupilId())), "startDatetime.from",
						amendment.date() + " 00:00:00", "startDatetime.to", amendment.date() + " 23:59:59"));
	}

	/** One try, and Arbor's error envelope (in a 200 or a 4xx) read as a refusal. */
	private JsonNode post(ConnectorConfig school, String resource, Map<String, Object> request) {
		MisHttp http = this.support.writeHttp(school);
		MisHttp.Response response = http.post(resource, Map.of("request", request), auth(school));
		JsonNode body = null;
		try {
			body = JSON.readTree(response.body());
		}
		catch (java.io.IOException ex) {
			// Not Arbor's JSON: judged by the status below.
		}
		JsonNode envelope = (body == null) ? null : body.path("response");
		// A 4xx refuses whatever its envelope says; otherwise an envelope whose success
		// has the wrong type is an unreadable answer, which is looked up before any
		// retry.
		boolean clientError = response.status() >= 400 && response.status() < 500;
		boolean refused = clientError || (envelope != null && envelope.isObject()
				&& !ArborClient.succeeded(school.id() + ": POST " + resource, envelope, response.status())
				&& (envelope.path("code").asInt(200) >= 400 || !envelope.path("errors").isEmpty()));
		if (refused) {
			String reason = (envelope == null) ? "HTTP " + response.status()
					: envelope.path("reason").asText("HTTP " + response.status());
			List<String> errors = new ArrayList<>();
			if (envelope != null) {
				envelope.path("errors").forEach((e) -> errors.add(e.asText()));
			}
			throw new MisWriteRefused(school.id() + ": Arbor refused POST " + resource + " (" + response.status() + " "
					+ reason + ")" + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
		}
		return http.json("POST", resource, response);
	}

	private static Map<String, Object> studentRef(ConnectorConfig school, String pupilId) {
		return Map.of("entityType", "Student", "href", "/rest-v2/students/" + studentId(school, pupilId));
	}

	private static long studentId(ConnectorConfig school, String pupilId) {
		try {
			return Long.parseLong(pupilId.substring(PREFIX.length()));
		}
		catch (RuntimeException ex) {
			throw new MisWriteRefused(school.id() + ": pupil " + pupilId + " is not an Arbor student id");
		}
	}

	/** Where a note goes: a pastoral note, or a follow-up when it alerts staff. */
	private enum NoteKind {

		PASTORAL("pastoral-notes", "pastoralNote", "pastoralNotes", "PastoralNote"),
		FOLLOW_UP("attendance-follow-ups", "attendanceFollowUp", "attendanceFollowUps", "AttendanceFollowUp");

		private final String path;

		private final String key;

		private final String listKey;

		private final String entity;

		NoteKind(String path, String key, String listKey, String entity) {
			this.path = path;
			this.key = key;
			this.listKey = listKey;
			this.entity = entity;
		}

		static NoteKind of(MisNote note) {
			return note.isAlert() ? FOLLOW_UP : PASTORAL;
		}

	}

}
