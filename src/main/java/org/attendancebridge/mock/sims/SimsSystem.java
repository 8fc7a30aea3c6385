package org.attendancebridge.mock.sims;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import org.attendancebridge.mock.MisSystem;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.MockCredentials;
import org.attendancebridge.mock.MockFiles;
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
import org.attendancebridge.mock.school.TermCalendar;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.Session;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * SIMS in the partner API's style at {@code /sims/{school}/...}: a client-credentials
 * token that expires on the simulated clock, the {@code Ocp-Apim-Subscription-Key} header
 * on every call, OData paging with {@code @odata.nextLink}, at most a 90-day window per
 * call, and the school's SIMS 7 code table in XML with its three-character sub-codes. The
 * writes the adapter makes: attendance records, learner notes, and letters as
 * {@code LearnerDocuments} (ours: no public contract).
 */
public final class SimsSystem extends MisSystem {

	static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

	static final int MAX_WINDOW_DAYS = 90;

	private static final Pattern CHANGES = Pattern.compile("SIMS\\.Changes\\(startDate=([^)]+)\\)");

	private final SimsCodeTable codes = new SimsCodeTable(MockFiles.read("sims/attendance-codes.xml"));

	/** Live tokens per school, with when each expires on the simulated clock. */
	private final Map<String, Map<String, Instant>> tokens = new ConcurrentHashMap<>();

	public SimsSystem(Map<String, SchoolState> schools, Faults faults) {
		super(MisKind.SIMS, schools, faults);
	}

	public SimsCodeTable codes() {
		return this.codes;
	}

	@Override
	protected List<String> mappingFiles() {
		return List.of("any-sims.json");
	}

	@Override
	protected boolean isSignIn(MockRequest request) {
		return "connect".equals(request.segment(1));
	}

	@Override
	protected void expireCredentials(SchoolState school) {
		this.tokens.remove(school.id());
	}

	@Override
	protected ResponseDefinition handle(SchoolState school, MockRequest request) {
		List<String> path = request.segmentsFrom(1);
		if (path.equals(List.of("connect", "token")) && request.isPost()) {
			return token(school, request);
		}
		if (!MockCredentials.SIMS_SUBSCRIPTION_KEY.equals(request.header("Ocp-Apim-Subscription-Key"))) {
			ObjectNode body = Responses.object();
			body.put("statusCode", 401);
			body.put("message", "Access denied due to missing or invalid subscription key.");
			return Responses.json(401, body);
		}
		if (!validToken(school, request.header("Authorization"))) {
			return expired(request);
		}
		String route = request.method() + " " + String.join("/", path);
		Matcher changes = CHANGES.matcher(route);
		if (request.isGet() && path.size() == 2 && path.get(0).equals("AttendanceRecords") && changes.find()) {
			return changes(school, request, changes.group(1));
		}
		return switch (route) {
			case "GET LearnerIdentifiers" ->
				Responses.json(SimsOData.page(request, "LearnerIdentifiers", learners(school)));
			case "GET LearnerContacts" -> Responses.json(SimsOData.page(request, "LearnerContacts", contacts(school)));
			case "GET StatutoryAttendanceSessions" -> sessions(school, request);
			case "GET AttendanceRecords" -> records(school, request);
			case "GET AttendanceCodes" -> Responses.text(200, "application/xml", this.codes.xml());
			case "POST AttendanceRecords" -> writeRecords(school, request);
			case "POST LearnerNotes" -> writeNote(school, request);
			case "GET LearnerNotes" -> Responses.json(SimsOData.page(request, "LearnerNotes", notes(school)));
			case "POST LearnerDocuments" -> writeDocument(school, request);
			case "GET LearnerDocuments" ->
				Responses.json(SimsOData.page(request, "LearnerDocuments", documents(school)));
			default -> notFound(request, "No HTTP resource was found that matches the request URI.");
		};
	}

	private ResponseDefinition token(SchoolState school, MockRequest request) {
		if (!"client_credentials".equals(request.formField("grant_type"))) {
			return oauthError(400, "unsupported_grant_type");
		}
		if (!MockCredentials.SIMS_CLIENT_ID.equals(request.formField("client_id"))
				|| !MockCredentials.SIMS_CLIENT_SECRET.equals(request.formField("client_secret"))) {
			return oauthError(400, "invalid_client");
		}
		String token = UUID.randomUUID().toString().replace("-", "");
		this.tokens.computeIfAbsent(school.id(), k -> new ConcurrentHashMap<>())
			.put(token, school.now().plus(TOKEN_LIFETIME));
		ObjectNode body = Responses.object();
		body.put("access_token", token);
		body.put("token_type", "Bearer");
		body.put("expires_in", TOKEN_LIFETIME.toSeconds());
		body.put("scope", request.formField("scope") == null ? "partner-api" : request.formField("scope"));
		return Responses.json(body);
	}

	private boolean validToken(SchoolState school, String header) {
		if (header == null || !header.startsWith("Bearer ")) {
			return false;
		}
		Instant expiry = this.tokens.getOrDefault(school.id(), Map.of()).get(header.substring(7).trim());
		return expiry != null && school.now().isBefore(expiry);
	}

	static String learnerId(int pupilId) {
		return "L-" + pupilId;
	}

	static int pupilId(String learnerId) {
		try {
			return Integer.parseInt(learnerId.substring(2));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("unknown learner '" + learnerId + "'");
		}
	}

	static String sessionId(LocalDate date, Session session) {
		return "S-" + date + "-" + session;
	}

	private static List<ObjectNode> learners(SchoolState school) {
		List<ObjectNode> learners = new ArrayList<>();
		for (MockPupil p : school.pupils()) {
			ObjectNode o = Responses.object();
			o.put("ExternalID", learnerId(p.id()));
			o.put("UPN", p.upn());
			o.put("LegalForename", p.forename());
			o.put("PreferredForename", p.preferredForename());
			o.put("LegalSurname", p.surname());
			o.put("DateOfBirth", p.dateOfBirth().toString());
			o.put("Gender", p.gender());
			o.put("YearGroup", p.yearGroup());
			o.put("RegistrationGroup", p.registrationGroup());
			o.put("SENStatus", p.senStatus() == null ? "N" : p.senStatus());
			o.put("PupilPremium", p.has(PupilFlag.PUPIL_PREMIUM));
			o.put("ChildInNeed", p.has(PupilFlag.VULNERABLE));
			o.put("EAL", p.has(PupilFlag.EAL));
			o.put("HomeLanguage", p.homeLanguage());
			learners.add(o);
		}
		return learners;
	}

	private static List<ObjectNode> contacts(SchoolState school) {
		List<ObjectNode> contacts = new ArrayList<>();
		for (MockPupil p : school.pupils()) {
			for (MockContact c : p.contacts()) {
				ObjectNode o = Responses.object();
				o.put("ExternalID", "C-" + c.id());
				o.putObject("Learner").put("ExternalID", learnerId(p.id()));
				o.put("Title", c.title());
				o.put("Forename", c.forename());
				o.put("Surname", c.surname());
				o.put("Relationship", c.relationship());
				o.put("Priority", c.priority());
				o.put("ParentalResponsibility", c.parentalResponsibility());
				o.put("ReceivesTextMessages", c.maySms());
				o.put("MobilePhone", c.mobile());
				o.put("Email", c.email());
				o.put("Language", c.language());
				contacts.add(o);
			}
		}
		return contacts;
	}

	/**
	 * {@code startDate} and {@code endDate}, refused when the window is wider than 90
	 * days.
	 */
	private static LocalDate[] window(MockRequest request) {
		LocalDate start = date(request.param("startDate"), "startDate");
		LocalDate end = date(request.param("endDate"), "endDate");
		if (end.isBefore(start)) {
			throw new BadRequestException("endDate is before startDate");
		}
		if (ChronoUnit.DAYS.between(start, end) > MAX_WINDOW_DAYS) {
			throw new BadRequestException("The date range may not exceed " + MAX_WINDOW_DAYS + " days.");
		}
		return new LocalDate[] { start, end };
	}

	private static LocalDate date(String value, String name) {
		if (value == null) {
			throw new BadRequestException(name + " is required");
		}
		try {
			return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
		}
		catch (DateTimeParseException ex) {
			throw new BadRequestException(name + " must be a date");
		}
	}

	private ResponseDefinition sessions(SchoolState school, MockRequest request) {
		LocalDate[] window = window(request);
		List<ObjectNode> sessions = new ArrayList<>();
		for (LocalDate day : TermCalendar.schoolDays()) {
			if (day.isBefore(window[0]) || day.isAfter(window[1])) {
				continue;
			}
			for (Session session : Session.values()) {
				ObjectNode o = Responses.object();
				o.put("ExternalID", sessionId(day, session));
				o.put("Date", day.toString());
				o.put("Session", session.name());
				o.put("StartTime", MockClock.at(day, TermCalendar.registerTime(session)).toString());
				sessions.add(o);
			}
		}
		return Responses.json(SimsOData.page(request, "StatutoryAttendanceSessions", sessions));
	}

	private ResponseDefinition records(SchoolState school, MockRequest request) {
		LocalDate[] window = window(request);
		List<ObjectNode> records = school.marks(m -> !m.date().isBefore(window[0]) && !m.date().isAfter(window[1]))
			.stream()
			.map(this::record)
			.toList();
		return Responses.json(SimsOData.page(request, "AttendanceRecords", records));
	}

	private ResponseDefinition changes(SchoolState school, MockRequest request, String startDate) {
		Instant since;
		try {
			since = OffsetDateTime.parse(startDate.replace("'", "")).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new BadRequestException("startDate must be an ISO date-time such as 2024-11-01T00:00:00Z");
		}
		if (since.isBefore(school.now().minus(Duration.ofDays(MAX_WINDOW_DAYS)))) {
			throw new BadRequestException("The date range may not exceed " + MAX_WINDOW_DAYS + " days.");
		}
		return Responses.json(SimsOData.page(request, "AttendanceRecords", school.updatedAfter(since), this::record));
	}

	/** A record, with the school's sub-code where it has some for the statutory code. */
	private ObjectNode record(RegisterMark mark) {
		ObjectNode o = Responses.object();
		o.put("ExternalID", "AR-" + mark.id());
		ObjectNode attendee = o.putObject("Attendee");
		attendee.put("ExternalID", learnerId(mark.pupilId()));
		attendee.put("Type", "Learner.Identifier");
		ObjectNode event = o.putObject("Event");
		event.put("ExternalID", sessionId(mark.date(), mark.session()));
		event.put("Type", "Attendance.StatutoryAttendanceSession");
		List<String> display = this.codes.displayCodesFor(mark.code());
		String code = display.isEmpty() ? mark.code() : display.get((int) (mark.id() % display.size()));
		o.putObject("AttendanceCode").put("ExternalID", code);
		ObjectNode qualifier = o.putObject("Qualifier");
		if (mark.minutesLate() == null) {
			qualifier.putNull("MinutesLate");
		}
		else {
			qualifier.put("MinutesLate", mark.minutesLate());
		}
		if (mark.comment() == null) {
			qualifier.putNull("Comment");
		}
		else {
			qualifier.put("Comment", mark.comment());
		}
		o.put("LastUpdated", mark.updatedAt().toString());
		o.put("Revision", mark.revision());
		return o;
	}

	private ResponseDefinition writeRecords(SchoolState school, MockRequest request) {
		JsonNode body = Responses.read(request.body());
		List<JsonNode> items = new ArrayList<>();
		if (body.has("value") && body.get("value").isArray()) {
			body.get("value").forEach(items::add);
		}
		else {
			items.add(body);
		}
		ArrayNode written = Responses.array();
		for (JsonNode item : items) {
			try {
				int pupilId = pupilId(item.at("/Attendee/ExternalID").asText());
				String sessionId = item.at("/Event/ExternalID").asText();
				if (!sessionId.matches("S-\\d{4}-\\d{2}-\\d{2}-(AM|PM)")) {
					throw new IllegalArgumentException("unknown session '" + sessionId + "'");
				}
				LocalDate date = LocalDate.parse(sessionId.substring(2, 12));
				Session session = Session.parse(sessionId.substring(13));
				String display = item.at("/AttendanceCode/ExternalID").asText();
				String statutory = this.codes.statutory(display);
				if (statutory == null) {
					throw new IllegalArgumentException("unknown attendance code '" + display + "'");
				}
				JsonNode qualifier = item.path("Qualifier");
				Integer late = qualifier.hasNonNull("MinutesLate") ? qualifier.get("MinutesLate").asInt() : null;
				String comment = qualifier.hasNonNull("Comment") ? qualifier.get("Comment").asText() : null;
				written.add(record(school.amend(pupilId, date, session, statutory, late, comment)));
			}
			catch (IllegalArgumentException ex) {
				return odataError(400, "BadRequest", ex.getMessage());
			}
		}
		ObjectNode response = Responses.object();
		response.set("value", written);
		return Responses.json(201, response);
	}

	private ResponseDefinition writeNote(SchoolState school, MockRequest request) {
		JsonNode body = Responses.read(request.body());
		try {
			int pupilId = pupilId(body.at("/Learner/ExternalID").asText());
			PupilNote note = school.addNote(pupilId, "LearnerNote", body.path("Title").asText(""),
					body.path("Body").asText(""));
			return Responses.json(201, note(note));
		}
		catch (IllegalArgumentException ex) {
			return odataError(400, "BadRequest", ex.getMessage());
		}
	}

	private static List<ObjectNode> notes(SchoolState school) {
		return school.notes("LearnerNote").stream().map(SimsSystem::note).toList();
	}

	private static ObjectNode note(PupilNote note) {
		ObjectNode o = Responses.object();
		o.put("ExternalID", "LN-" + note.id());
		o.putObject("Learner").put("ExternalID", learnerId(note.pupilId()));
		o.put("Title", note.summary());
		o.put("Body", note.content());
		o.put("Created", note.createdAt().toString());
		return o;
	}

	private ResponseDefinition writeDocument(SchoolState school, MockRequest request) {
		JsonNode body = Responses.read(request.body());
		try {
			String reference = body.path("ExternalReference").asText("");
			if (reference.isBlank()) {
				throw new IllegalArgumentException("ExternalReference is required");
			}
			PupilDocument document = school.addDocument(pupilId(body.at("/Learner/ExternalID").asText()),
					"LearnerDocument", body.path("Title").asText(""), body.path("FileName").asText(""),
					body.path("ContentType").asText(""), reference,
					java.util.Base64.getDecoder().decode(body.path("Content").asText("")));
			return Responses.json(201, document(document));
		}
		catch (IllegalArgumentException ex) {
			return odataError(400, "BadRequest", ex.getMessage());
		}
	}

	private static List<ObjectNode> documents(SchoolState school) {
		return school.documents("LearnerDocument").stream().map(SimsSystem::document).toList();
	}

	/** A document as listed: what it is and whose, not its bytes. */
	private static ObjectNode document(PupilDocument document) {
		ObjectNode o = Responses.object();
		o.put("ExternalID", "LD-" + document.id());
		o.putObject("Learner").put("ExternalID", learnerId(document.pupilId()));
		o.put("Title", document.title());
		o.put("FileName", document.fileName());
		o.put("ContentType", document.contentType());
		o.put("ContentSize", document.content().length);
		o.put("ExternalReference", document.reference());
		o.put("Created", document.createdAt().toString());
		return o;
	}

	@Override
	protected ResponseDefinition expired(MockRequest request) {
		return responseDefinition().withStatus(401)
			.withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The token expired\"")
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"invalid_token\"}")
			.build();
	}

	@Override
	protected ResponseDefinition notFound(MockRequest request, String message) {
		return odataError(404, "NotFound", message);
	}

	@Override
	protected ResponseDefinition badRequest(MockRequest request, String message) {
		return odataError(400, "BadRequest", message);
	}

	private static ResponseDefinition oauthError(int status, String error) {
		ObjectNode body = Responses.object();
		body.put("error", error);
		return Responses.json(status, body);
	}

	private static ResponseDefinition odataError(int status, String code, String message) {
		ObjectNode body = Responses.object();
		ObjectNode error = body.putObject("error");
		error.put("code", code);
		error.put("message", message);
		return Responses.json(status, body);
	}

}
