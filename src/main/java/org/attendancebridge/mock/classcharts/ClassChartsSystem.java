package org.attendancebridge.mock.classcharts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import org.attendancebridge.mock.MisSystem;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.fault.Faults;
import org.attendancebridge.mock.http.BadRequestException;
import org.attendancebridge.mock.http.MockRequest;
import org.attendancebridge.mock.http.Responses;
import org.attendancebridge.mock.school.MisKind;
import org.attendancebridge.mock.school.MockContact;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.PupilDocument;
import org.attendancebridge.mock.school.PupilNote;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilFlag;

/**
 * Class Charts at {@code /classcharts/{school}/...}: a session id from {@code login},
 * sent as {@code Authorization: Basic <session_id>}, that goes stale about 3 minutes
 * (simulated) after login or the last {@code ping}; a stale session is answered with HTTP
 * 200 and {@code {"success":0,"expired":1}}. Attendance is a date to session map in the
 * school's own renamed codes. Pupil notes and (ours: no public contract) pupil documents,
 * a letter's PDF in base64 with the writer's {@code reference}, are written and listed
 * per pupil.
 */
public final class ClassChartsSystem extends MisSystem {

	static final Duration SESSION_LIFETIME = Duration.ofMinutes(3);

	/** The mock's own name for a document attached through {@code pupildocuments}. */
	static final String DOCUMENT = "PupilDocument";

	/** Live session ids per school, with when each goes stale. */
	private final Map<String, Map<String, Instant>> sessions = new ConcurrentHashMap<>();

	public ClassChartsSystem(Map<String, SchoolState> schools, Faults faults) {
		super(MisKind.CLASS_CHARTS, schools, faults);
	}

	@Override
	protected List<String> mappingFiles() {
		return List.of("any-classcharts.json");
	}

	@Override
	protected boolean isSignIn(MockRequest request) {
		return "login".equals(request.segment(1));
	}

	@Override
	protected void expireCredentials(SchoolState school) {
		this.sessions.remove(school.id());
	}

	@Override
	protected ResponseDefinition handle(SchoolState school, MockRequest request) {
		List<String> path = request.segmentsFrom(1);
		if (path.equals(List.of("login")) && request.isPost()) {
			return login(school, request);
		}
		String session = liveSession(school, request.header("Authorization"));
		if (session == null) {
			return expired(request);
		}
		if (path.equals(List.of("ping")) && request.isPost()) {
			return Responses.json(ok(Responses.object(), newSession(school)));
		}
		if (path.equals(List.of("pupils")) && request.isGet()) {
			return pupils(school);
		}
		if (path.equals(List.of("attendance", "codes")) && request.isGet()) {
			ArrayNode codes = Responses.array();
			ClassChartsCodes.table().forEach((code, statutory) -> {
				ObjectNode o = codes.addObject();
				o.put("code", code);
				o.put("statutory_code", statutory);
				o.put("status", ClassChartsCodes.status(DfeCode.of(statutory, LocalDate.of(2024, 9, 2))));
			});
			return Responses.json(ok(codes, null));
		}
		if (path.size() == 2 && path.get(0).equals("attendance") && request.isGet()) {
			return attendance(school, pupilId(path.get(1)), request);
		}
		if (path.size() == 2 && path.get(0).equals("pupilnotes")) {
			return request.isPost() ? writeNote(school, pupilId(path.get(1)), request)
					: notes(school, pupilId(path.get(1)));
		}
		if (path.size() == 2 && path.get(0).equals("pupildocuments")) {
			return request.isPost() ? writeDocument(school, pupilId(path.get(1)), request)
					: documents(school, pupilId(path.get(1)), request.param("reference"));
		}
		return notFound(request, "Unknown endpoint");
	}

	private ResponseDefinition login(SchoolState school, MockRequest request) {
		if (!MockCredentials.CLASS_CHARTS_EMAIL.equals(request.formField("email"))
				|| !MockCredentials.CLASS_CHARTS_PASSWORD.equals(request.formField("password"))) {
			return failure("Invalid email or password");
		}
		ObjectNode data = Responses.object();
		data.put("school_name", school.spec().name());
		return Responses.json(ok(data, newSession(school)));
	}

	private String newSession(SchoolState school) {
		String id = UUID.randomUUID().toString().replace("-", "");
		this.sessions.computeIfAbsent(school.id(), k -> new ConcurrentHashMap<>())
			.put(id, school.now().plus(SESSION_LIFETIME));
		return id;
	}

	private String liveSession(SchoolState school, String header) {
		if (header == null || !header.startsWith("Basic ")) {
			return null;
		}
		String id = header.substring(6).trim();
		Instant staleAt = this.sessions.getOrDefault(school.id(), Map.of()).get(id);
		return staleAt != null && school.now().isBefore(staleAt) ? id : null;
	}

	private static int pupilId(String text) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new BadRequestException("pupil id must be a number");
		}
	}

	private ResponseDefinition pupils(SchoolState school) {
		ArrayNode pupils = Responses.array();
		for (MockPupil p : school.pupils()) {
			ObjectNode o = pupils.addObject();
			o.put("id", p.id());
			o.put("first_name", p.preferredForename());
			o.put("last_name", p.surname());
			o.put("upn", p.upn());
			o.put("dob", p.dateOfBirth().toString());
			o.put("year_group", p.yearGroup());
			o.put("registration_group", p.registrationGroup());
			o.put("is_send", p.has(PupilFlag.SEND));
			o.put("is_pupil_premium", p.has(PupilFlag.PUPIL_PREMIUM));
			o.put("is_vulnerable", p.has(PupilFlag.VULNERABLE));
			o.put("is_eal", p.has(PupilFlag.EAL));
			o.put("home_language", p.homeLanguage());
			ArrayNode contacts = o.putArray("contacts");
			for (MockContact c : p.contacts()) {
				ObjectNode contact = contacts.addObject();
				contact.put("id", c.id());
				contact.put("name", c.displayName());
				contact.put("relationship", c.relationship());
				contact.put("priority", c.priority());
				contact.put("parental_responsibility", c.parentalResponsibility());
				contact.put("sms_allowed", c.maySms());
				contact.put("mobile", c.mobile());
				contact.put("email", c.email());
				contact.put("language", c.language());
			}
		}
		return Responses.json(ok(pupils, null));
	}

	private ResponseDefinition attendance(SchoolState school, int pupilId, MockRequest request) {
		if (school.pupil(pupilId).isEmpty()) {
			return failure("Pupil not found");
		}
		LocalDate from = date(request.param("from"), "from");
		LocalDate to = date(request.param("to"), "to");
		Map<LocalDate, ObjectNode> days = new TreeMap<>();
		int possible = 0;
		int attended = 0;
		for (RegisterMark mark : school
			.marks(m -> m.pupilId() == pupilId && !m.date().isBefore(from) && !m.date().isAfter(to))) {
			ObjectNode entry = days.computeIfAbsent(mark.date(), d -> Responses.object())
				.putObject(mark.session().name());
			entry.put("code", ClassChartsCodes.schoolCode(mark.code()));
			if (SchoolState.UNKNOWN_CODE.equals(mark.code())) {
				// Looks ordinary: only the school's code map shows the code is unknown.
				entry.put("status", "absent");
			}
			else {
				DfeCode code = DfeCode.of(mark.code(), mark.date());
				entry.put("status", ClassChartsCodes.status(code));
				possible += code.isPossible() ? 1 : 0;
				attended += code.isAttendance() ? 1 : 0;
			}
			if (mark.minutesLate() == null) {
				entry.put("late_minutes", 0);
			}
			else {
				entry.put("late_minutes", mark.minutesLate());
			}
		}
		ObjectNode body = Responses.object();
		ObjectNode data = body.putObject("data");
		days.forEach((date, sessions) -> data.set(date.toString(), sessions));
		ObjectNode meta = body.putObject("meta");
		ArrayNode dates = meta.putArray("dates");
		days.keySet().forEach(d -> dates.add(d.toString()));
		meta.putArray("sessions").add("AM").add("PM");
		meta.put("percentage",
				possible == 0 ? "100.0" : String.format(java.util.Locale.ROOT, "%.1f", 100.0 * attended / possible));
		body.put("success", 1);
		return Responses.json(body);
	}

	private static LocalDate date(String value, String name) {
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException | NullPointerException ex) {
			throw new BadRequestException(name + " must be YYYY-MM-DD");
		}
	}

	private ResponseDefinition writeNote(SchoolState school, int pupilId, MockRequest request) {
		String body = request.body();
		String title;
		String note;
		if (body != null && body.trim().startsWith("{")) {
			JsonNode json = Responses.read(body);
			title = json.path("title").asText("");
			note = json.path("note").asText("");
		}
		else {
			title = request.formField("title");
			note = request.formField("note");
		}
		if (note == null || note.isBlank()) {
			return failure("A note is required");
		}
		try {
			PupilNote written = school.addNote(pupilId, "PupilNote", title == null ? "" : title, note);
			return Responses.json(ok(note(written), null));
		}
		catch (IllegalArgumentException ex) {
			return failure("Pupil not found");
		}
	}

	private ResponseDefinition notes(SchoolState school, int pupilId) {
		ArrayNode notes = Responses.array();
		school.notes("PupilNote").stream().filter(n -> n.pupilId() == pupilId).forEach(n -> notes.add(note(n)));
		return Responses.json(ok(notes, null));
	}

	private static ObjectNode note(PupilNote n) {
		ObjectNode o = Responses.object();
		o.put("id", n.id());
		o.put("pupil_id", n.pupilId());
		o.put("title", n.summary());
		o.put("note", n.content());
		o.put("timestamp", n.createdAt().toString());
		return o;
	}

	private ResponseDefinition writeDocument(SchoolState school, int pupilId, MockRequest request) {
		JsonNode json = Responses.read(request.body());
		String reference = json.path("reference").asText("");
		if (reference.isBlank()) {
			return failure("A reference is required");
		}
		try {
			PupilDocument written = school.addDocument(pupilId, DOCUMENT, json.path("title").asText(""),
					json.path("file_name").asText(""), json.path("content_type").asText(""), reference,
					java.util.Base64.getDecoder().decode(json.path("content").asText("")));
			return Responses.json(ok(document(written), null));
		}
		catch (IllegalArgumentException ex) {
			return failure(ex.getMessage().startsWith("no pupil") ? "Pupil not found" : ex.getMessage());
		}
	}

	/** The pupil's documents, or only the one with a reference. */
	private ResponseDefinition documents(SchoolState school, int pupilId, String reference) {
		ArrayNode documents = Responses.array();
		school.documents(DOCUMENT)
			.stream()
			.filter(d -> d.pupilId() == pupilId && (reference == null || reference.equals(d.reference())))
			.forEach(d -> documents.add(document(d)));
		return Responses.json(ok(documents, null));
	}

	/** A document as listed: what it is and whose, not its bytes. */
	private static ObjectNode document(PupilDocument d) {
		ObjectNode o = Responses.object();
		o.put("id", d.id());
		o.put("pupil_id", d.pupilId());
		o.put("title", d.title());
		o.put("file_name", d.fileName());
		o.put("content_type", d.contentType());
		o.put("size", d.content().length);
		o.put("reference", d.reference());
		o.put("timestamp", d.createdAt().toString());
		return o;
	}

	private static ObjectNode ok(JsonNode data, String sessionId) {
		ObjectNode body = Responses.object();
		body.put("success", 1);
		body.set("data", data);
		ObjectNode meta = body.putObject("meta");
		if (sessionId != null) {
			meta.put("session_id", sessionId);
		}
		return body;
	}

	private static ResponseDefinition failure(String error) {
		ObjectNode body = Responses.object();
		body.put("success", 0);
		body.put("error", error);
		return Responses.json(200, body);
	}

	@Override
	protected ResponseDefinition expired(MockRequest request) {
		ObjectNode body = Responses.object();
		body.put("success", 0);
		body.put("expired", 1);
		body.put("error", "Session expired, please log in again");
		return Responses.json(200, body);
	}

	@Override
	protected ResponseDefinition notFound(MockRequest request, String message) {
		ObjectNode body = Responses.object();
		body.put("success", 0);
		body.put("error", message);
		return Responses.json(404, body);
	}

	@Override
	protected ResponseDefinition badRequest(MockRequest request, String message) {
		return failure(message);
	}

}
