package org.attendancebridge.mock.arbor;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import org.attendancebridge.mock.MisSystem;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.fault.FaultKind;
import org.attendancebridge.mock.fault.Faults;
import org.attendancebridge.mock.http.BadRequestException;
import org.attendancebridge.mock.http.MockRequest;
import org.attendancebridge.mock.http.Responses;
import org.attendancebridge.mock.school.MisKind;
import org.attendancebridge.mock.school.PupilDocument;
import org.attendancebridge.mock.school.PupilNote;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Session;

/**
 * Arbor's {@code rest-v2} API at {@code /arbor/{school}/rest-v2/...}: HTTP Basic,
 * {@code filters.*} queries, paging, single objects, the attendance-records changelog and
 * the writes the adapter makes (mark amendments, pastoral notes, follow-ups, and letters
 * as {@code student-documents}, our own resource). Errors come inside the body of a 200
 * or a 422, as Arbor sends them.
 */
public final class ArborSystem extends MisSystem {

	static final int DEFAULT_CHANGELOG_SIZE = 1000;

	public ArborSystem(Map<String, SchoolState> schools, Faults faults) {
		super(MisKind.ARBOR, schools, faults);
	}

	@Override
	protected List<String> mappingFiles() {
		return List.of("any-rest-v2.json");
	}

	@Override
	protected ResponseDefinition handle(SchoolState school, MockRequest request) {
		if (!authorised(request)) {
			return error(401, "Unauthorized", "valid HTTP Basic credentials are required");
		}
		if (!"rest-v2".equals(request.segment(1)) || request.segment(2) == null) {
			return notFound(request, "unknown path");
		}
		String resource = request.segment(2);
		if (request.isPost()) {
			return write(school, resource, request);
		}
		if (!request.isGet()) {
			return error(422, "Unprocessable Entity", request.method() + " is not supported on " + resource);
		}
		ArborResources.Resource type = ArborResources.get(resource);
		if (type == null) {
			return notFound(request, "unknown resource '" + resource + "'");
		}
		String third = request.segment(3);
		if ("changelog".equals(third)) {
			return changelog(school, type, request);
		}
		if (third != null) {
			return single(school, type, third);
		}
		return list(school, type, request);
	}

	private static boolean authorised(MockRequest request) {
		String header = request.header("Authorization");
		if (header == null || !header.startsWith("Basic ")) {
			return false;
		}
		String expected = MockCredentials.ARBOR_USER + ":" + MockCredentials.ARBOR_PASSWORD;
		try {
			return expected
				.equals(new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private ResponseDefinition list(SchoolState school, ArborResources.Resource type, MockRequest request) {
		ArborQuery query;
		List<ObjectNode> page;
		try {
			query = new ArborQuery(request);
			List<ObjectNode> all = "attendance-records".equals(type.path())
					? school.marks(RecordPrefilter.of(request)).stream().map(ArborResources::record).toList()
					: type.render().apply(school);
			page = query.apply(all);
			if (query.pageNumber() > 1 && fault(school, FaultKind.DUPLICATE_ACROSS_PAGES).isPresent()) {
				// As when rows shift under offset paging: the tail of the last page comes
				// again.
				int from = Math.max(0, (query.pageNumber() - 1) * query.pageSize() - 2);
				List<ObjectNode> repeated = new ArrayList<>(all.subList(Math.min(from, all.size()),
						Math.min((query.pageNumber() - 1) * query.pageSize(), all.size())));
				repeated.addAll(page);
				page = repeated;
			}
		}
		catch (BadRequestException ex) {
			// Arbor's quirk: a bad query answers 200 with the error in the body.
			return error(200, "Bad Request", ex.getMessage());
		}
		ObjectNode body = Responses.object();
		body.set(type.listKey(), Responses.JSON.valueToTree(page));
		return Responses.json(body);
	}

	private ResponseDefinition single(SchoolState school, ArborResources.Resource type, String id) {
		String href = "/rest-v2/" + type.path() + "/" + id;
		List<ObjectNode> candidates = "attendance-records".equals(type.path())
				? school.marks(m -> String.valueOf(m.id()).equals(id)).stream().map(ArborResources::record).toList()
				: type.render().apply(school);
		return candidates.stream().filter(o -> href.equals(o.path("href").asText())).findFirst().map(o -> {
			ObjectNode body = Responses.object();
			body.set(type.singleKey(), o);
			return Responses.json(body);
		}).orElseGet(() -> error(404, "Not Found", type.entityType() + " " + id + " does not exist"));
	}

	private ResponseDefinition changelog(SchoolState school, ArborResources.Resource type, MockRequest request) {
		if (!"attendance-records".equals(type.path())) {
			return error(200, "Bad Request", "no changelog is kept for " + type.path());
		}
		long from;
		int size;
		try {
			from = Long.parseLong(request.param("from-revision") == null ? "0" : request.param("from-revision"));
			size = Math.max(1, Math.min(5000, request.intParam("page-size", DEFAULT_CHANGELOG_SIZE)));
		}
		catch (NumberFormatException | BadRequestException ex) {
			return error(200, "Bad Request", "from-revision must be a whole number");
		}
		ArrayNode changes = Responses.array();
		for (RegisterMark mark : school.changesAfter(from, size)) {
			ObjectNode change = changes.addObject();
			change.put("changeType", mark.previousRevision() == 0 ? "CREATE" : "UPDATE");
			change.put("fromRevision", mark.previousRevision());
			change.put("toRevision", mark.revision());
			change.set("changedObject", ArborResources.record(mark));
		}
		ObjectNode body = Responses.object();
		body.set("changes", changes);
		body.put("currentRevision", school.revision());
		return Responses.json(body);
	}

	private ResponseDefinition write(SchoolState school, String resource, MockRequest request) {
		JsonNode payload = Responses.read(request.body()).path("request");
		if (payload.isMissingNode()) {
			return error(422, "Unprocessable Entity", "the body must be {\"request\":{...}}");
		}
		try {
			return switch (resource) {
				case "attendance-registration" -> registerMarks(school, payload);
				case "pastoral-notes" ->
					note(school, payload.path("pastoralNote"), "PastoralNote", "pastoral-notes", "pastoralNote");
				case "attendance-follow-ups" -> note(school, payload.path("attendanceFollowUp"), "AttendanceFollowUp",
						"attendance-follow-ups", "attendanceFollowUp");
				case "student-documents" -> document(school, payload.path("studentDocument"));
				default -> error(422, "Unprocessable Entity", "unknown resource '" + resource + "'");
			};
		}
		catch (IllegalArgumentException ex) {
			return error(422, "Unprocessable Entity", ex.getMessage());
		}
	}

	/**
	 * A mark amendment: each mark gets a new revision, so the next changelog poll sees
	 * it.
	 */
	private ResponseDefinition registerMarks(SchoolState school, JsonNode payload) {
		JsonNode marks = payload.path("marks");
		if (!marks.isArray() || marks.isEmpty()) {
			return error(422, "Unprocessable Entity", "request.marks must list at least one mark");
		}
		List<String> errors = new ArrayList<>();
		ArrayNode written = Responses.array();
		for (JsonNode mark : marks) {
			try {
				int pupilId = (int) ArborFormat.idOf(mark.path("student"));
				String start = mark.path("sessionStartTime").asText("");
				if (!start.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")) {
					throw new IllegalArgumentException("sessionStartTime must be Y-m-d H:i:s");
				}
				LocalDate date = LocalDate.parse(start.substring(0, 10));
				Session session = Integer.parseInt(start.substring(11, 13)) < 12 ? Session.AM : Session.PM;
				DfeCode code = markCode(mark.path("attendanceMark"), date);
				Integer minutesLate = mark.hasNonNull("minutesLate") ? mark.get("minutesLate").asInt() : null;
				String note = mark.hasNonNull("note") ? mark.get("note").asText() : null;
				written
					.add(ArborResources.record(school.amend(pupilId, date, session, code.symbol(), minutesLate, note)));
			}
			catch (RuntimeException ex) {
				errors.add(ex.getMessage());
			}
		}
		if (!errors.isEmpty()) {
			// Arbor reports a refused registration inside a 200.
			ObjectNode body = errorBody(200, "Bad Request", errors);
			body.set("attendanceRecords", written);
			return Responses.json(200, body);
		}
		ObjectNode body = Responses.object();
		ObjectNode response = body.putObject("response");
		response.put("success", true);
		response.put("code", 200);
		body.set("attendanceRecords", written);
		return Responses.json(body);
	}

	private static DfeCode markCode(JsonNode ref, LocalDate date) {
		long id = ArborFormat.idOf(ref);
		if (id < 1 || id > DfeCode.count()) {
			throw new IllegalArgumentException("attendance mark " + id + " does not exist");
		}
		DfeCode code = DfeCode.ofOrdinal((int) id - 1);
		if (code.isLegacy() || code == DfeCode.NO_MARK) {
			throw new IllegalArgumentException("attendance mark " + id + " does not exist");
		}
		return code;
	}

	private ResponseDefinition note(SchoolState school, JsonNode note, String kind, String path, String key) {
		if (!note.isObject()) {
			throw new IllegalArgumentException("request." + key + " is missing");
		}
		int pupilId = (int) ArborFormat.idOf(note.path("student"));
		String summary = note.path("summary").asText(note.path("followUpType").asText(kind));
		PupilNote written = school.addNote(pupilId, kind, summary, note.path("content").asText(""));
		ObjectNode body = Responses.object();
		body.set(key, ArborResources.note(written, kind, path));
		return Responses.json(body);
	}

	private ResponseDefinition document(SchoolState school, JsonNode document) {
		if (!document.isObject()) {
			throw new IllegalArgumentException("request.studentDocument is missing");
		}
		String reference = document.path("externalReference").asText("");
		if (reference.isBlank()) {
			throw new IllegalArgumentException("request.studentDocument.externalReference is required");
		}
		byte[] content;
		try {
			content = Base64.getDecoder().decode(document.path("content").asText(""));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("request.studentDocument.content is not base64");
		}
		PupilDocument written = school.addDocument((int) ArborFormat.idOf(document.path("student")),
				ArborResources.DOCUMENT, document.path("title").asText(""), document.path("fileName").asText(""),
				document.path("contentType").asText(""), reference, content);
		ObjectNode body = Responses.object();
		body.set("studentDocument", ArborResources.document(written));
		return Responses.json(body);
	}

	@Override
	protected ResponseDefinition expired(MockRequest request) {
		return error(401, "Unauthorized", "the API user's session has expired");
	}

	@Override
	protected ResponseDefinition notFound(MockRequest request, String message) {
		return error(404, "Not Found", message);
	}

	@Override
	protected ResponseDefinition badRequest(MockRequest request, String message) {
		return error(422, "Unprocessable Entity", message);
	}

	private static ResponseDefinition error(int status, String reason, String message) {
		return Responses.json(status, errorBody(status == 200 ? 400 : status, reason, List.of(message)));
	}

	private static ObjectNode errorBody(int code, String reason, List<String> errors) {
		ObjectNode body = Responses.object();
		ObjectNode response = body.putObject("response");
		response.put("success", false);
		response.put("code", code);
		response.put("reason", reason);
		ArrayNode list = response.putArray("errors");
		errors.forEach(list::add);
		return body;
	}

}
