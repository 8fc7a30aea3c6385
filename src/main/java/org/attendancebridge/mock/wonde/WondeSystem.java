package org.attendancebridge.mock.wonde;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

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
import org.attendancebridge.mock.school.MockContact;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.PupilDeletion;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.model.CodeCategory;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.Session;

/**
 * Wonde at {@code /wonde/v1.0/schools/{school}/...}: bearer token, {@code data} with
 * {@code meta.pagination} (and none at all when 50 results or fewer fit on one page),
 * {@code include=} on students, {@code updated_after} on attendance and deletions, and
 * the attendance write-back that answers with a {@code writeback_id}.
 */
public final class WondeSystem extends MisSystem {

	static final int DEFAULT_PER_PAGE = 50;

	static final int MAX_PER_PAGE = 200;

	private final AtomicLong writebacks = new AtomicLong();

	public WondeSystem(Map<String, SchoolState> schools, Faults faults) {
		super(MisKind.WONDE, schools, faults);
	}

	@Override
	protected List<String> mappingFiles() {
		return List.of("any-schools.json");
	}

	/** Segments after the prefix: {@code v1.0, schools, {school}, ...}. */
	@Override
	protected int schoolSegment() {
		return 2;
	}

	@Override
	protected ResponseDefinition handle(SchoolState school, MockRequest request) {
		if (!("Bearer " + MockCredentials.WONDE_TOKEN).equals(request.header("Authorization"))) {
			return error(401, "Unauthenticated.");
		}
		List<String> path = request.segmentsFrom(3);
		String route = request.method() + " " + String.join("/", path);
		if (route.equals("GET students")) {
			Set<String> includes = includes(request);
			return page(school, request, school.pupils(), p -> student(p, includes));
		}
		if (path.size() == 2 && path.get(0).equals("students") && request.isGet()) {
			int pupilId = WondeFormat.pupilId(path.get(1));
			return school.pupil(pupilId).map(p -> {
				ObjectNode body = Responses.object();
				body.set("data", student(p, includes(request)));
				return Responses.json(body);
			}).orElseGet(() -> error(404, "Student not found."));
		}
		return switch (route) {
			case "GET attendance/session" ->
				page(school, request, school.updatedAfter(WondeFormat.updatedAfter(request.param("updated_after"))),
						WondeSystem::session);
			case "POST attendance/session" -> writeBack(school, request);
			case "GET attendance-codes" -> page(school, request, codes(), o -> o);
			case "GET deletions" -> page(school, request, deletions(school, request), o -> o);
			default -> error(404, "Not found.");
		};
	}

	private static Set<String> includes(MockRequest request) {
		String include = request.param("include");
		return include == null ? Set.of()
				: java.util.Arrays.stream(include.split(",")).map(String::trim).collect(Collectors.toSet());
	}

	private static ObjectNode student(MockPupil p, Set<String> includes) {
		ObjectNode o = Responses.object();
		o.put("id", WondeFormat.studentId(p.id()));
		o.put("upi", Integer.toHexString(p.id() * 2_654_435 + 1_234_567));
		o.put("mis_id", String.valueOf(p.id()));
		o.put("initials", p.forename().charAt(0) + "" + p.surname().charAt(0));
		o.put("surname", p.surname());
		o.put("forename", p.preferredForename());
		o.put("legal_surname", p.surname());
		o.put("legal_forename", p.forename());
		o.put("gender", "F".equals(p.gender()) ? "FEMALE" : "MALE");
		o.set("date_of_birth", WondeFormat.date(p.dateOfBirth()));
		o.putNull("restored_at");
		o.set("created_at", WondeFormat.date(p.admissionDate()));
		o.set("updated_at", WondeFormat.date(p.admissionDate()));
		if (includes.contains("contacts") || includes.contains("contacts.contact_details")) {
			ArrayNode contacts = o.putObject("contacts").putArray("data");
			for (MockContact c : p.contacts()) {
				contacts.add(contact(c, includes.contains("contacts.contact_details")));
			}
		}
		if (includes.contains("education_details")) {
			ObjectNode education = o.putObject("education_details").putObject("data");
			education.put("upn", p.upn());
			education.putNull("former_upn");
			education.set("admission_date", WondeFormat.date(p.admissionDate()));
			education.putNull("leaving_date");
		}
		if (includes.contains("extended_details")) {
			ObjectNode extended = o.putObject("extended_details").putObject("data");
			extended.put("sen_status", p.senStatus() == null ? "N" : p.senStatus());
			extended.put("premium_pupil_indicator", p.has(PupilFlag.PUPIL_PREMIUM));
			extended.put("child_in_need", p.has(PupilFlag.VULNERABLE));
			extended.put("english_as_additional_language_status", p.has(PupilFlag.EAL) ? "EAL" : "ENGLISH");
			extended.put("first_language", p.homeLanguage());
			extended.put("home_language", p.homeLanguage());
		}
		if (includes.contains("year")) {
			ObjectNode year = o.putObject("year").putObject("data");
			year.put("id", "E" + (5_000_000 + ("R".equals(p.yearGroup()) ? 0 : Integer.parseInt(p.yearGroup()))));
			year.put("name", p.yearGroup());
			year.put("code", p.yearGroup());
			year.put("description", "R".equals(p.yearGroup()) ? "Reception" : "Year " + p.yearGroup());
		}
		if (includes.contains("groups")) {
			ObjectNode group = o.putObject("groups").putArray("data").addObject();
			group.put("id", "F" + Math.abs(p.registrationGroup().hashCode()));
			group.put("name", p.registrationGroup());
			group.put("type", "REGISTRATION");
		}
		return o;
	}

	private static ObjectNode contact(MockContact c, boolean details) {
		ObjectNode o = Responses.object();
		o.put("id", WondeFormat.contactId(c.id()));
		o.put("mis_id", String.valueOf(c.id()));
		o.put("title", c.title());
		o.put("forename", c.forename());
		o.put("surname", c.surname());
		ObjectNode relationship = o.putObject("relationship");
		relationship.put("relationship", c.relationship());
		relationship.put("priority", c.priority());
		relationship.put("parental_responsibility", c.parentalResponsibility());
		relationship.put("sms_consent", c.maySms());
		relationship.put("lives_with_pupil", c.priority() <= 2);
		o.put("language", c.language());
		if (details) {
			ObjectNode data = o.putObject("contact_details").putObject("data");
			data.put("id", "G" + c.id());
			ObjectNode emails = data.putObject("emails");
			emails.put("email", c.email());
			emails.put("primary", c.email());
			ObjectNode telephones = data.putObject("telephones");
			telephones.put("mobile", c.mobile());
			telephones.putNull("home");
			telephones.putNull("work");
			telephones.put("primary", c.mobile());
		}
		return o;
	}

	static ObjectNode session(RegisterMark mark) {
		ObjectNode o = Responses.object();
		o.put("id", WondeFormat.markId(mark.id()));
		o.put("student", WondeFormat.studentId(mark.pupilId()));
		o.set("date", WondeFormat.date(mark.date()));
		o.put("session", mark.session().name());
		o.put("attendance_code", codeIdOf(mark));
		if (mark.minutesLate() == null) {
			o.putNull("minutes_late");
		}
		else {
			o.put("minutes_late", mark.minutesLate());
		}
		if (mark.comment() == null) {
			o.putNull("comment");
		}
		else {
			o.put("comment", mark.comment());
		}
		o.set("created_at", WondeFormat.timestamp(mark.createdAt()));
		o.set("updated_at", WondeFormat.timestamp(mark.updatedAt()));
		return o;
	}

	private static String codeIdOf(RegisterMark mark) {
		if (SchoolState.UNKNOWN_CODE.equals(mark.code())) {
			return WondeFormat.codeId(999);
		}
		return WondeFormat.codeId(DfeCode.of(mark.code(), mark.date()).ordinal());
	}

	private static List<ObjectNode> codes() {
		List<ObjectNode> codes = new ArrayList<>();
		for (DfeCode code : DfeCode.values()) {
			if (code.isLegacy() || code == DfeCode.NO_MARK) {
				continue;
			}
			ObjectNode o = Responses.object();
			o.put("id", WondeFormat.codeId(code.ordinal()));
			o.put("code", code.symbol());
			o.put("description", code.meaning());
			o.put("type", switch (code.category()) {
				case PRESENT -> "PRESENT";
				case APPROVED_EDUCATIONAL_ACTIVITY -> "EDUCATIONAL_ACTIVITY";
				case AUTHORISED_ABSENCE -> "AUTHORISED_ABSENCE";
				case UNAUTHORISED_ABSENCE -> "UNAUTHORISED_ABSENCE";
				default -> "NOT_COUNTED";
			});
			o.put("possible", code.category() != CodeCategory.NOT_COUNTED);
			codes.add(o);
		}
		return codes;
	}

	private static List<ObjectNode> deletions(SchoolState school, MockRequest request) {
		Instant after = WondeFormat.updatedAfter(request.param("updated_after"));
		Instant now = school.now();
		List<ObjectNode> deletions = new ArrayList<>();
		for (PupilDeletion d : school.deletions()) {
			Instant changed = d.restoredAt() != null && !d.restoredAt().isAfter(now) ? d.restoredAt() : d.deletedAt();
			if (!changed.isAfter(after) || d.deletedAt().isAfter(now)) {
				continue;
			}
			ObjectNode o = Responses.object();
			o.put("id", WondeFormat.studentId(d.pupilId()));
			o.put("type", "student");
			o.set("deleted_at", WondeFormat.timestamp(d.deletedAt()));
			if (d.restoredAt() != null && !d.restoredAt().isAfter(now)) {
				o.set("restored_at", WondeFormat.timestamp(d.restoredAt()));
			}
			else {
				o.putNull("restored_at");
			}
			o.set("updated_at", WondeFormat.timestamp(changed));
			deletions.add(o);
		}
		return deletions;
	}

	private ResponseDefinition writeBack(SchoolState school, MockRequest request) {
		JsonNode attendance = Responses.read(request.body()).path("attendance");
		if (!attendance.isArray() || attendance.isEmpty()) {
			return error(422, "attendance must list at least one session");
		}
		Map<String, String> codeIds = new java.util.HashMap<>();
		for (DfeCode code : DfeCode.values()) {
			codeIds.put(WondeFormat.codeId(code.ordinal()), code.symbol());
		}
		List<String> errors = new ArrayList<>();
		for (JsonNode item : attendance) {
			try {
				int pupilId = WondeFormat.pupilId(item.path("student_id").asText());
				LocalDate date = LocalDate.parse(item.path("date").asText());
				Session session = Session.parse(item.path("session").asText());
				String code = codeIds.get(item.path("attendance_code_id").asText());
				if (code == null) {
					throw new IllegalArgumentException("unknown attendance_code_id");
				}
				Integer late = item.hasNonNull("minutes_late") ? item.get("minutes_late").asInt() : null;
				String comment = item.hasNonNull("comment") ? item.get("comment").asText() : null;
				school.amend(pupilId, date, session, code, late, comment);
			}
			catch (RuntimeException ex) {
				errors.add(ex.getMessage());
			}
		}
		if (!errors.isEmpty()) {
			ObjectNode body = Responses.object();
			body.put("error", "The given data was invalid.");
			ArrayNode list = body.putArray("errors");
			errors.forEach(list::add);
			return Responses.json(422, body);
		}
		ObjectNode body = Responses.object();
		body.put("writeback_id", "W" + (6_000_000 + this.writebacks.incrementAndGet()));
		return Responses.json(202, body);
	}

	/**
	 * Offset paging as Wonde does it, with the two paging faults: the tail of the last
	 * page repeated, and {@code more: true} with no {@code next}.
	 */
	private <T> ResponseDefinition page(SchoolState school, MockRequest request, List<T> all,
			Function<T, ObjectNode> render) {
		int perPage = Math.min(MAX_PER_PAGE, Math.max(1, request.intParam("per_page", DEFAULT_PER_PAGE)));
		int pageNumber = Math.max(1, request.intParam("page", 1));
		int from = (pageNumber - 1) * perPage;
		// Only the page is rendered: a term's attendance is tens of thousands of
		// sessions.
		List<T> page = new ArrayList<>(
				from >= all.size() ? List.of() : all.subList(from, Math.min(all.size(), from + perPage)));
		boolean more = from + perPage < all.size();
		if (pageNumber > 1 && !page.isEmpty() && fault(school, FaultKind.DUPLICATE_ACROSS_PAGES).isPresent()) {
			page.addAll(0, all.subList(Math.max(0, from - 2), from));
		}
		ObjectNode body = Responses.object();
		ArrayNode data = body.putArray("data");
		page.forEach(item -> data.add(render.apply(item)));
		if (all.size() <= DEFAULT_PER_PAGE && all.size() <= perPage && pageNumber == 1) {
			return Responses.json(body);
		}
		ObjectNode pagination = body.putObject("meta").putObject("pagination");
		boolean brokenNext = more && fault(school, FaultKind.MORE_WITHOUT_NEXT).isPresent();
		if (more && !brokenNext) {
			pagination.put("next", link(request, pageNumber + 1, perPage));
		}
		else {
			pagination.putNull("next");
		}
		if (pageNumber > 1) {
			pagination.put("previous", link(request, pageNumber - 1, perPage));
		}
		else {
			pagination.putNull("previous");
		}
		pagination.put("more", more);
		pagination.put("per_page", perPage);
		pagination.put("current_page", pageNumber);
		return Responses.json(body);
	}

	private String link(MockRequest request, int page, int perPage) {
		StringBuilder url = new StringBuilder(request.baseUrl()).append(request.url().split("\\?")[0]).append('?');
		Set<String> skip = new HashSet<>(List.of("page", "per_page"));
		for (Map.Entry<String, List<String>> param : request.query().entrySet()) {
			if (skip.contains(param.getKey())) {
				continue;
			}
			for (String value : param.getValue()) {
				url.append(encode(param.getKey())).append('=').append(encode(value)).append('&');
			}
		}
		return url.append("page=").append(page).append("&per_page=").append(perPage).toString();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	@Override
	protected ResponseDefinition expired(MockRequest request) {
		return error(401, "Unauthenticated.");
	}

	@Override
	protected ResponseDefinition notFound(MockRequest request, String message) {
		return error(404, "Not found.");
	}

	@Override
	protected ResponseDefinition badRequest(MockRequest request, String message) {
		return error(422, message);
	}

	@Override
	protected String rateLimitBody() {
		return "{\"error\":\"Too Many Attempts.\"}";
	}

	private static ResponseDefinition error(int status, String message) {
		ObjectNode body = Responses.object();
		body.put("error", message);
		return Responses.json(status, body);
	}

}
