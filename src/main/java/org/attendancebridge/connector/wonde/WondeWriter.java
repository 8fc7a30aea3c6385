package org.attendancebridge.connector.wonde;

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
 * Writes to a school through Wonde: mark amendments only, through the attendance
 * write-back ({@code POST attendance/session}, answered with a {@code writeback_id}),
 * with the reason and our reference in the session's {@code comment}; a look-up reads the
 * pupil's sessions of the day back. Wonde has no way to write a note or a document, so
 * notes, staff alerts and letters' documents are refused, naming the school: such a
 * school needs them from its MIS directly (its letters still wait in the post tray).
 */
@Component
public class WondeWriter implements MisWriter {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String PREFIX = "wonde-";

	private final MisConnectors support;

	public WondeWriter(MisConnectors support) {
		this.support = support;
	}

	@Override
	public MisKind kind() {
		return MisKind.WONDE;
	}

	private MisAuth auth(ConnectorConfig school) {
		return MisAuth.bearer(this.support.secret(school, "token"));
	}

	@Override
	public MisWritten addNote(ConnectorConfig school, MisNote note) {
		throw new MisWriteRefused(school.id() + ": Wonde cannot take notes or staff alerts (its API writes "
				+ "attendance only); record this in the school's MIS by hand");
	}

	@Override
	public Optional<MisWritten> findNote(ConnectorConfig school, MisNote note) {
		return Optional.empty();
	}

	@Override
	public MisWritten attach(ConnectorConfig school, MisDocument document) {
		throw new MisWriteRefused(school.id() + ": Wonde cannot take documents (its API writes attendance only), so "
				+ "the letter was not attached to the pupil in the MIS; it waits in the post tray for posting, and "
				+ "can be attached in the school's MIS by hand");
	}

	@Override
	public Optional<MisWritten> findDocument(ConnectorConfig school, MisDocument document) {
		return Optional.empty();
	}

	@Override
	public MisWritten amend(ConnectorConfig school, MarkAmendment amendment) {
		WondeClient client = new WondeClient(this.support.http(school), auth(school), school.id());
		Map<String, String> codeIds = new HashMap<>();
		for (JsonNode code : client.list("attendance-codes", Map.of())) {
			codeIds.put(code.path("id").asText(), code.path("code").asText());
		}
		String toId = codeIds.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals(amendment.to()))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow(() -> new MisWriteRefused(
					school.id() + ": Wonde has no attendance code '" + amendment.to() + "' to amend to"));
		List<Map<String, Object>> sessions = new ArrayList<>();
		for (JsonNode session : sessions(client, school, amendment)) {
			if (amendment.from().equals(codeIds.get(session.path("attendance_code").asText()))) {
				Map<String, Object> written = new LinkedHashMap<>();
				written.put("date", amendment.date().toString());
				written.put("session", session.path("session").asText());
				written.put("student_id", session.path("student").asText());
				written.put("attendance_code_id", toId);
				written.put("comment", amendment.comment());
				written.put("minutes_late", null);
				sessions.add(written);
			}
		}
		if (sessions.isEmpty()) {
			return new MisWritten(null, "no session of " + amendment.date() + " is still " + amendment.from()
					+ " in Wonde: nothing to amend");
		}
		JsonNode answer = post(school, Map.of("attendance", sessions));
		String writeback = answer.path("writeback_id").asText("");
		return new MisWritten(writeback, sessions.size() + " session(s) of " + amendment.date() + " written back "
				+ amendment.from() + " to " + amendment.to() + " through Wonde, write-back " + writeback);
	}

	@Override
	public Optional<MisWritten> findAmendment(ConnectorConfig school, MarkAmendment amendment) {
		WondeClient client = new WondeClient(this.support.http(school), auth(school), school.id());
		List<String> ids = new ArrayList<>();
		for (JsonNode session : sessions(client, school, amendment)) {
			if (session.path("comment").asText("").contains("[" + amendment.reference() + "]")) {
				ids.add(session.path("id").asText());
			}
		}
		return ids.isEmpty() ? Optional.empty() : Optional.of(new MisWritten(String.join(",", ids), ids.size()
				+ " session(s) of " + amendment.date() + " found written back in Wonde by " + amendment.reference()));
	}

	/**
	 * The pupil's sessions of the day: Wonde filters attendance by update time only, so
	 * everything changed since the day before is read and cut here.
	 */
	private static List<JsonNode> sessions(WondeClient client, ConnectorConfig school, MarkAmendment amendment) {
		String student = studentId(school, amendment.pupilId());
		String day = amendment.date().toString();
		return client.list("attendance/session", Map.of("updated_after", amendment.date().minusDays(1) + " 00:00:00"))
			.stream()
			.filter((s) -> student.equals(s.path("student").asText())
					&& s.path("date").path("date").asText("").startsWith(day))
			.toList();
	}

	/** One try; a 4xx (Wonde's validation errors come as 422) is a refusal. */
	private JsonNode post(ConnectorConfig school, Map<String, Object> body) {
		MisHttp http = this.support.writeHttp(school);
		MisHttp.Response response = http.post("attendance/session", body, auth(school));
		if (response.status() >= 400 && response.status() < 500) {
			List<String> errors = new ArrayList<>();
			try {
				JsonNode json = JSON.readTree(response.body());
				errors.add(json.path("error").asText("error"));
				json.path("errors").forEach((e) -> errors.add(e.asText()));
			}
			catch (java.io.IOException ex) {
				// No JSON error: the status says enough.
			}
			throw new MisWriteRefused(school.id() + ": Wonde refused POST attendance/session (" + response.status()
					+ ")" + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
		}
		return http.json("POST", "attendance/session", response);
	}

	private static String studentId(ConnectorConfig school, String pupilId) {
		if (!pupilId.startsWith(PREFIX)) {
			throw new MisWriteRefused(school.id() + ": pupil " + pupilId + " is not a Wonde student id");
		}
		return pupilId.substring(PREFIX.length());
	}

}
