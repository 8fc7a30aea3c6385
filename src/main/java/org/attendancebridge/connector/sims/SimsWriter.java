package org.attendancebridge.connector.sims;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 * Writes to SIMS: notes and staff alerts as {@code LearnerNotes} (an alert's title and
 * body name the staff it is for), mark amendments as {@code AttendanceRecords} with the
 * reason in the qualifier's {@code Comment}, in the school's own code for the statutory
 * one, and letters as {@code LearnerDocuments} (ours: no public contract) with the PDF in
 * base64 and our reference as the {@code ExternalReference}. Our reference ends the body
 * or comment; look-ups read the learner's notes, the day's records or the documents with
 * our reference back. An OData error (4xx) is a refusal, with SIMS's message.
 */
@Component
public class SimsWriter implements MisWriter {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String PREFIX = "sims-";

	private final MisConnectors support;

	private final Clock clock;

	public SimsWriter(MisConnectors support, Clock clock) {
		this.support = support;
		this.clock = clock;
	}

	@Override
	public MisKind kind() {
		return MisKind.SIMS;
	}

	/** One token per school, kept between writes: it renews itself when it runs out. */
	private final Map<String, SimsToken> tokens = new ConcurrentHashMap<>();

	private SimsToken token(ConnectorConfig school) {
		return this.tokens.computeIfAbsent(school.id(),
				(id) -> new SimsToken(this.support.http(school), school.id(), this.support.secret(school, "clientId"),
						this.support.secret(school, "clientSecret"), this.support.secret(school, "subscriptionKey"),
						this.clock));
	}

	@Override
	public MisWritten addNote(ConnectorConfig school, MisNote note) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Learner", Map.of("ExternalID", learnerId(school, note.pupilId())));
		body.put("Title",
				note.isAlert() ? "For " + String.join(", ", note.staffIds()) + ": " + note.title() : note.title());
		body.put("Body", note.body());
		JsonNode written = post(school, "LearnerNotes", body, token(school));
		String id = written.path("ExternalID").asText("");
		return new MisWritten(id, "SIMS learner note " + id);
	}

	@Override
	public Optional<MisWritten> findNote(ConnectorConfig school, MisNote note) {
		SimsClient client = new SimsClient(this.support.http(school), token(school), school, null);
		String filter = "Learner/ExternalID eq '" + learnerId(school, note.pupilId()).replace("'", "''") + "'";
		for (JsonNode found : client.list("LearnerNotes", Map.of("$filter", filter)).records()) {
			if (found.path("Body").asText("").contains("[" + note.reference() + "]")) {
				String id = found.path("ExternalID").asText("");
				return Optional.of(new MisWritten(id, "SIMS learner note " + id + " found"));
			}
		}
		return Optional.empty();
	}

	@Override
	public MisWritten amend(ConnectorConfig school, MarkAmendment amendment) {
		SimsToken token = token(school);
		SimsClient client = new SimsClient(this.support.http(school), token, school, null);
		SimsCodeTable codes = client.codeTable();
		String to = codes.simsCodeFor(amendment.to())
			.orElseThrow(() -> new MisWriteRefused(
					school.id() + ": the SIMS code table has no code for '" + amendment.to() + "' to amend to"));
		List<Map<String, Object>> records = new ArrayList<>();
		for (JsonNode record : records(client, school, amendment)) {
			String code = record.path("AttendanceCode").path("ExternalID").asText("");
			boolean stillOld = codes.toDfe(code, amendment.date())
				.map((dfe) -> dfe.symbol().equals(amendment.from()))
				.orElse(false);
			if (stillOld) {
				Map<String, Object> written = new LinkedHashMap<>();
				written.put("Attendee", Map.of("ExternalID", record.path("Attendee").path("ExternalID").asText(),
						"Type", "Learner.Identifier"));
				written.put("Event", Map.of("ExternalID", record.path("Event").path("ExternalID").asText(), "Type",
						"Attendance.StatutoryAttendanceSession"));
				written.put("AttendanceCode", Map.of("ExternalID", to));
				Map<String, Object> qualifier = new LinkedHashMap<>();
				qualifier.put("MinutesLate", null);
				qualifier.put("Comment", amendment.comment());
				written.put("Qualifier", qualifier);
				records.add(written);
			}
		}
		if (records.isEmpty()) {
			return new MisWritten(null, "no session of " + amendment.date() + " is still " + amendment.from()
					+ " in SIMS: nothing to amend");
		}
		JsonNode answer = post(school, "AttendanceRecords",
				(records.size() == 1) ? records.get(0) : Map.of("value", records), token);
		List<String> ids = new ArrayList<>();
		answer.path("value").forEach((r) -> ids.add(r.path("ExternalID").asText()));
		return new MisWritten(String.join(",", ids), records.size() + " session(s) of " + amendment.date() + " amended "
				+ amendment.from() + " to " + to + " in SIMS");
	}

	@Override
	public Optional<MisWritten> findAmendment(ConnectorConfig school, MarkAmendment amendment) {
		SimsClient client = new SimsClient(this.support.http(school), token(school), school, null);
		List<String> ids = new ArrayList<>();
		for (JsonNode record : records(client, school, amendment)) {
			if (record.path("Qualifier").path("Comment").asText("").contains("[" + amendment.reference() + "]")) {
				ids.add(record.path("ExternalID").asText());
			}
		}
		return ids.isEmpty() ? Optional.empty() : Optional.of(new MisWritten(String.join(",", ids), ids.size()
				+ " session(s) of " + amendment.date() + " found amended in SIMS by " + amendment.reference()));
	}

	@Override
	public MisWritten attach(ConnectorConfig school, MisDocument document) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ExternalReference", document.reference());
		body.put("Learner", Map.of("ExternalID", learnerId(school, document.pupilId())));
		body.put("Title", document.title());
		body.put("FileName", document.fileName());
		body.put("ContentType", MisDocument.CONTENT_TYPE);
		body.put("Content", document.base64());
		JsonNode written = post(school, "LearnerDocuments", body, token(school));
		String id = written.path("ExternalID").asText("");
		return new MisWritten(id, "SIMS learner document " + id + " (" + document.pdf().length + " bytes)");
	}

	@Override
	public Optional<MisWritten> findDocument(ConnectorConfig school, MisDocument document) {
		SimsClient client = new SimsClient(this.support.http(school), token(school), school, null);
		String filter = "Learner/ExternalID eq '" + learnerId(school, document.pupilId()).replace("'", "''")
				+ "' and ExternalReference eq '" + document.reference().replace("'", "''") + "'";
		for (JsonNode found : client.list("LearnerDocuments", Map.of("$filter", filter)).records()) {
			String id = found.path("ExternalID").asText("");
			return Optional.of(new MisWritten(id, "SIMS learner document " + id + " found"));
		}
		return Optional.empty();
	}

	/** The learner's records of the day. */
	private static List<JsonNode> records(SimsClient client, ConnectorConfig school, MarkAmendment amendment) {
		String learner = learnerId(school, amendment.pupilId());
		return client.window("AttendanceRecords", amendment.date(), amendment.date())
			.records()
			.stream()
			.filter((record) -> learner.equals(record.path("Attendee").path("ExternalID").asText()))
			.toList();
	}

	/** One try; an OData error about the request is a refusal. */
	private JsonNode post(ConnectorConfig school, String path, Object body, SimsToken token) {
		MisHttp http = this.support.writeHttp(school);
		MisHttp.Response response = http.post(path, body, token);
		if (response.status() >= 400 && response.status() < 500) {
			String message = "";
			try {
				message = JSON.readTree(response.body()).path("error").path("message").asText("");
			}
			catch (java.io.IOException ex) {
				// No OData error body: the status says enough.
			}
			throw new MisWriteRefused(school.id() + ": SIMS refused POST " + path + " (" + response.status() + ")"
					+ (message.isEmpty() ? "" : ": " + message));
		}
		return http.json("POST", path, response);
	}

	private static String learnerId(ConnectorConfig school, String pupilId) {
		if (!pupilId.startsWith(PREFIX)) {
			throw new MisWriteRefused(school.id() + ": pupil " + pupilId + " is not a SIMS learner id");
		}
		return pupilId.substring(PREFIX.length());
	}

}
