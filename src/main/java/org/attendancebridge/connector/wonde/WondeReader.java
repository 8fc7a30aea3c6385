package org.attendancebridge.connector.wonde;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ContactFlags;
import org.attendancebridge.connector.ContactPriority;
import org.attendancebridge.connector.MisBooleans;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.WrongType;
import org.attendancebridge.connector.MisNumbers;
import org.attendancebridge.model.Contact;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.Session;
import org.attendancebridge.model.UnknownCodeException;

/**
 * Reads one school through Wonde: students with their contacts and details, session
 * attendance updated after the watermark, the school's code table and deletions. The
 * watermark is the latest {@code updated_at} read; each poll asks again from a minute
 * before it, because marks written in the same second as the last read would otherwise
 * fall between two polls (reading one twice is harmless: marks are stored idempotently).
 */
final class WondeReader {

	static final String FEED = "attendance-session";

	static final String INCLUDES = "contacts,contacts.contact_details,education_details,extended_details,year,groups";

	private static final DateTimeFormatter WONDE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final WondeClient client;

	private final ConnectorConfig school;

	WondeReader(WondeClient client, ConnectorConfig school) {
		this.client = client;
		this.school = school;
	}

	static String pupilId(String wondeId) {
		return "wonde-" + wondeId;
	}

	/**
	 * @param rejected told of each pupil whose own record could not be read (left out, to
	 * stay as last stored), and each contact with a field of the wrong type (kept)
	 */
	List<Pupil> pupils(Consumer<RejectedRecord> rejected) {
		List<Pupil> pupils = new ArrayList<>();
		List<JsonNode> students = this.client.list("students", Map.of("include", INCLUDES));
		int item = 0;
		for (JsonNode student : students) {
			item++;
			String pupilId = pupilId(student.path("id").asText());
			JsonNode extended = student.path("extended_details").path("data");
			Set<PupilFlag> flags;
			try {
				flags = flags(extended);
			}
			catch (WrongType ex) {
				rejected.accept(RejectedRecord.pupil(this.school.id(), pupilId, "students (item " + item + " of "
						+ students.size() + " read): extended_details " + ex.getMessage()));
				continue;
			}
			String form = null;
			for (JsonNode group : student.path("groups").path("data")) {
				if ("REGISTRATION".equals(group.path("type").asText())) {
					form = group.path("name").asText(null);
				}
			}
			List<Contact> contacts = new ArrayList<>();
			for (JsonNode contact : student.path("contacts").path("data")) {
				JsonNode relationship = contact.path("relationship");
				JsonNode details = contact.path("contact_details").path("data");
				String contactId = "wonde-" + contact.path("id").asText();
				int priority = ContactPriority.read(relationship, "priority", 9, this.school.id(), pupilId, contactId,
						rejected);
				contacts.add(new Contact(contactId, priority, details.path("telephones").path("mobile").asText(null),
						details.path("emails").path("email").asText(null), contact.path("language").asText("en"),
						ContactFlags.parentalResponsibility(relationship, "parental_responsibility", this.school.id(),
								pupilId, contactId, rejected),
						ContactFlags.mayText(relationship, "sms_consent", this.school.id(), pupilId, contactId,
								rejected)));
			}
			contacts.sort(java.util.Comparator.comparingInt(Contact::priority));
			String language = extended.path("home_language").asText("en");
			pupils.add(new Pupil(pupilId, student.path("education_details").path("data").path("upn").asText(null),
					student.path("year").path("data").path("code").asText(null), form, flags,
					language.isBlank() ? "en" : language.toLowerCase(java.util.Locale.ROOT), contacts,
					Map.of("wonde", student.path("id").asText())));
		}
		return pupils;
	}

	private static Set<PupilFlag> flags(JsonNode extended) {
		Set<PupilFlag> flags = EnumSet.noneOf(PupilFlag.class);
		String sen = extended.path("sen_status").asText("N");
		if (!sen.isEmpty() && !sen.equals("N")) {
			flags.add(PupilFlag.SEND);
		}
		if (MisBooleans.isTrue(extended, "premium_pupil_indicator")) {
			flags.add(PupilFlag.PUPIL_PREMIUM);
		}
		if (MisBooleans.isTrue(extended, "child_in_need")) {
			flags.add(PupilFlag.VULNERABLE);
		}
		if ("EAL".equalsIgnoreCase(extended.path("english_as_additional_language_status").asText(""))) {
			flags.add(PupilFlag.EAL);
		}
		return flags;
	}

	/** Marks updated after the watermark (null: everything). */
	MisRead changes(String watermark, List<Pupil> pupils, boolean complete) {
		Map<String, String> codes = new HashMap<>();
		for (JsonNode code : this.client.list("attendance-codes", Map.of())) {
			codes.put(code.path("id").asText(), code.path("code").asText());
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		Instant after = (watermark == null) ? null : Instant.parse(watermark).minusSeconds(60);
		if (after != null) {
			parameters.put("updated_after", WONDE_TIME.format(after.atZone(ZoneOffset.UTC)));
		}
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Mark> marks = new ArrayList<>();
		Instant latest = (watermark == null) ? Instant.EPOCH : Instant.parse(watermark);
		List<JsonNode> sessions = this.client.list("attendance/session", parameters);
		int item = 0;
		for (JsonNode session : sessions) {
			item++;
			String pupil = pupilId(session.path("student").asText());
			LocalDate date = day(session.path("date"));
			Instant updated = time(session.path("updated_at"));
			if (updated != null && updated.isAfter(latest)) {
				latest = updated;
			}
			Session part;
			try {
				part = Session.parse(session.path("session").asText());
			}
			catch (IllegalArgumentException ex) {
				rejected.add(new RejectedRecord(this.school.id(), pupil, date, ex.getMessage()));
				continue;
			}
			String symbol = codes.get(session.path("attendance_code").asText());
			if (date == null || symbol == null) {
				rejected.add(new RejectedRecord(this.school.id(), pupil, date, "attendance code '"
						+ session.path("attendance_code").asText() + "' is not in the school's code table"));
				continue;
			}
			try {
				DfeCode alias = this.school.codeAliases().get(symbol);
				DfeCode code = (alias != null) ? alias : DfeCode.of(symbol, date);
				Integer late = MisNumbers.optionalInt(session, "minutes_late");
				marks.add(new Mark(pupil, date, part, code, late, "wonde", session.path("id").asText(), updated));
			}
			catch (UnknownCodeException ex) {
				rejected.add(new RejectedRecord(this.school.id(), pupil, date, ex.getMessage()));
			}
			catch (WrongType ex) {
				rejected.add(new RejectedRecord(this.school.id(), pupil, date,
						"attendance session " + session.path("id").asText("?") + " (item " + item + " of "
								+ sessions.size() + " read): " + ex.getMessage()));
			}
		}
		return new MisRead(pupils, marks, rejected, FEED, latest.equals(Instant.EPOCH) ? watermark : latest.toString(),
				complete);
	}

	/**
	 * Pupils deleted in the MIS: {@code true} while deleted, {@code false} once restored.
	 */
	Map<String, Boolean> deletedPupils() {
		Map<String, Boolean> deleted = new LinkedHashMap<>();
		for (JsonNode deletion : this.client.list("deletions", Map.of())) {
			if ("student".equals(deletion.path("type").asText())) {
				JsonNode restored = deletion.path("restored_at");
				deleted.put(pupilId(deletion.path("id").asText()), restored.isNull() || restored.isMissingNode());
			}
		}
		return deleted;
	}

	private static LocalDate day(JsonNode timestamp) {
		String text = timestamp.path("date").asText("");
		try {
			return LocalDate.parse(text.substring(0, Math.min(10, text.length())));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static Instant time(JsonNode timestamp) {
		String text = timestamp.path("date").asText("");
		try {
			return LocalDateTime.parse(text.substring(0, Math.min(19, text.length())), WONDE_TIME)
				.toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException | StringIndexOutOfBoundsException ex) {
			return null;
		}
	}

}
