package org.attendancebridge.connector.classcharts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MarkAmendment;
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
 * Writes to Class Charts: notes and staff alerts as pupil notes ({@code POST
 * /pupilnotes/{pupil_id}}; an alert's title names the staff it is for), our reference
 * ending the note; letters as pupil documents ({@code POST /pupildocuments/{pupil_id}},
 * ours: no public contract) with the PDF in base64 and our {@code reference}; a look-up
 * reads the pupil's notes or documents back. Class Charts answers a refusal as
 * {@code success: 0} in a 200, and an expired session the same way (then the note is sent
 * again after a new login: nothing was written). Its API takes no attendance writes, so
 * mark amendments are refused, naming the school.
 */
@Component
public class ClassChartsWriter implements MisWriter {

	private static final String PREFIX = "classcharts-";

	private final MisConnectors support;

	public ClassChartsWriter(MisConnectors support) {
		this.support = support;
	}

	@Override
	public MisKind kind() {
		return MisKind.CLASSCHARTS;
	}

	/** One session per school, kept between writes: it is renewed when it expires. */
	private final Map<String, ClassChartsSession> sessions = new ConcurrentHashMap<>();

	private ClassChartsSession session(ConnectorConfig school) {
		return this.sessions.computeIfAbsent(school.id(), (id) -> new ClassChartsSession(this.support.http(school),
				school.id(), this.support.secret(school, "username"), this.support.secret(school, "password")));
	}

	@Override
	public MisWritten addNote(ConnectorConfig school, MisNote note) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title",
				note.isAlert() ? "For " + String.join(", ", note.staffIds()) + ": " + note.title() : note.title());
		body.put("note", note.body());
		String id = post(school, "pupilnotes/" + pupil(school, note.pupilId()), body, "pupil note");
		return new MisWritten(id, "Class Charts pupil note " + id);
	}

	@Override
	public MisWritten attach(ConnectorConfig school, MisDocument document) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("reference", document.reference());
		body.put("title", document.title());
		body.put("file_name", document.fileName());
		body.put("content_type", MisDocument.CONTENT_TYPE);
		body.put("content", document.base64());
		String id = post(school, "pupildocuments/" + pupil(school, document.pupilId()), body, "pupil document");
		return new MisWritten(id, "Class Charts pupil document " + id + " (" + document.pdf().length + " bytes)");
	}

	@Override
	public Optional<MisWritten> findDocument(ConnectorConfig school, MisDocument document) {
		JsonNode documents = session(school).get("pupildocuments/" + pupil(school, document.pupilId()), null)
			.path("data");
		for (JsonNode found : documents) {
			if (document.reference().equals(found.path("reference").asText(""))) {
				String id = found.path("id").asText("");
				return Optional.of(new MisWritten(id, "Class Charts pupil document " + id + " found"));
			}
		}
		return Optional.empty();
	}

	/**
	 * One write, sent again only after a new login when the session had expired (then
	 * nothing was written); {@code success: 0} otherwise is a refusal.
	 */
	private String post(ConnectorConfig school, String path, Map<String, Object> body, String what) {
		MisHttp http = this.support.writeHttp(school);
		ClassChartsSession session = session(school);
		JsonNode answer = http.postJson(path, body, session);
		if (answer.path("success").asInt(0) == 0 && answer.path("expired").asInt(0) == 1) {
			session.renew();
			answer = http.postJson(path, body, session);
		}
		if (answer.path("success").asInt(0) != 1) {
			throw new MisWriteRefused(school.id() + ": Class Charts refused the " + what + ": "
					+ answer.path("error").asText("no reason given"));
		}
		return answer.path("data").path("id").asText("");
	}

	@Override
	public Optional<MisWritten> findNote(ConnectorConfig school, MisNote note) {
		JsonNode notes = session(school).get("pupilnotes/" + pupil(school, note.pupilId()), null).path("data");
		for (JsonNode found : notes) {
			if (found.path("note").asText("").contains("[" + note.reference() + "]")) {
				String id = found.path("id").asText("");
				return Optional.of(new MisWritten(id, "Class Charts pupil note " + id + " found"));
			}
		}
		return Optional.empty();
	}

	@Override
	public MisWritten amend(ConnectorConfig school, MarkAmendment amendment) {
		throw new MisWriteRefused(school.id() + ": Class Charts' API takes no attendance writes; amend the mark "
				+ "in Class Charts by hand");
	}

	@Override
	public Optional<MisWritten> findAmendment(ConnectorConfig school, MarkAmendment amendment) {
		return Optional.empty();
	}

	private static String pupil(ConnectorConfig school, String pupilId) {
		if (!pupilId.startsWith(PREFIX)) {
			throw new MisWriteRefused(school.id() + ": pupil " + pupilId + " is not a Class Charts pupil id");
		}
		return pupilId.substring(PREFIX.length());
	}

}
