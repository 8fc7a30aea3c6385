package org.attendancebridge.connector.classcharts;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
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
import org.attendancebridge.connector.MisNumbers;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.WrongType;
import org.attendancebridge.model.Contact;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.Session;

/**
 * Reads a Class Charts school: pupils with their contacts, the school's own code table
 * (schools rename codes, so each maps to its statutory code), and each pupil's attendance
 * over a period. Class Charts has no change feed: a poll reads the last
 * {@link #LOOK_BACK_DAYS} days again (corrections arrive up to a week late), the nightly
 * read the whole year; marks are stored idempotently, so reading one twice is harmless.
 */
final class ClassChartsReader {

	static final String FEED = "attendance";

	static final int LOOK_BACK_DAYS = 10;

	private final ClassChartsSession session;

	private final ConnectorConfig school;

	ClassChartsReader(ClassChartsSession session, ConnectorConfig school) {
		this.session = session;
		this.school = school;
	}

	static String pupilId(String classChartsId) {
		return "classcharts-" + classChartsId;
	}

	/**
	 * The pupils Class Charts lists: those read, and the Class Charts ids of those whose
	 * own record could not be read (reported; they stay as last stored, and their
	 * attendance is still read).
	 */
	record Roll(List<Pupil> pupils, List<String> unreadable) {
	}

	/** The pupils as read; see {@link #roll}. */
	List<Pupil> pupils(Consumer<RejectedRecord> rejected) {
		return roll(rejected).pupils();
	}

	/**
	 * @param rejected told of each pupil whose own record could not be read, and each
	 * contact with a field of the wrong type (kept)
	 */
	Roll roll(Consumer<RejectedRecord> rejected) {
		List<Pupil> pupils = new ArrayList<>();
		List<String> unreadable = new ArrayList<>();
		JsonNode listed = this.session.get("pupils", null).path("data");
		int item = 0;
		for (JsonNode p : listed) {
			item++;
			String id = p.path("id").asText();
			Set<PupilFlag> flags;
			try {
				flags = flags(p);
			}
			catch (WrongType ex) {
				rejected.accept(RejectedRecord.pupil(this.school.id(), pupilId(id),
						"GET pupils (item " + item + " of " + listed.size() + " read): " + ex.getMessage()));
				unreadable.add(id);
				continue;
			}
			List<Contact> contacts = new ArrayList<>();
			for (JsonNode c : p.path("contacts")) {
				String contactId = "classcharts-" + c.path("id").asText();
				int priority = ContactPriority.read(c, "priority", 9, this.school.id(), pupilId(id), contactId,
						rejected);
				contacts.add(new Contact(contactId, priority, c.path("mobile").asText(null),
						c.path("email").asText(null), c.path("language").asText("en"),
						ContactFlags.parentalResponsibility(c, "parental_responsibility", this.school.id(), pupilId(id),
								contactId, rejected),
						ContactFlags.mayText(c, "sms_allowed", this.school.id(), pupilId(id), contactId, rejected)));
			}
			contacts.sort(java.util.Comparator.comparingInt(Contact::priority));
			pupils.add(new Pupil(pupilId(id), p.path("upn").asText(null), p.path("year_group").asText(null),
					p.path("registration_group").asText(null), flags, p.path("home_language").asText("en"), contacts,
					Map.of("classcharts", id)));
		}
		return new Roll(pupils, unreadable);
	}

	private static Set<PupilFlag> flags(JsonNode pupil) {
		Set<PupilFlag> flags = EnumSet.noneOf(PupilFlag.class);
		if (MisBooleans.isTrue(pupil, "is_send")) {
			flags.add(PupilFlag.SEND);
		}
		if (MisBooleans.isTrue(pupil, "is_pupil_premium")) {
			flags.add(PupilFlag.PUPIL_PREMIUM);
		}
		if (MisBooleans.isTrue(pupil, "is_vulnerable")) {
			flags.add(PupilFlag.VULNERABLE);
		}
		if (MisBooleans.isTrue(pupil, "is_eal")) {
			flags.add(PupilFlag.EAL);
		}
		return flags;
	}

	/**
	 * The pupils read, with every listed pupil's marks from {@code from} to {@code to}
	 * (those whose own record could not be read included: their marks are as good).
	 */
	MisRead marks(Roll roll, LocalDate from, LocalDate to, boolean complete) {
		Map<String, String> statutory = new HashMap<>();
		for (JsonNode code : this.session.get("attendance/codes", null).path("data")) {
			statutory.put(code.path("code").asText(), code.path("statutory_code").asText());
		}
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Mark> marks = new ArrayList<>();
		// Class Charts id → our pupil id.
		Map<String, String> listed = new LinkedHashMap<>();
		roll.pupils().forEach((pupil) -> listed.put(pupil.misIds().get("classcharts"), pupil.id()));
		roll.unreadable().forEach((id) -> listed.put(id, pupilId(id)));
		for (Map.Entry<String, String> listing : listed.entrySet()) {
			String id = listing.getKey();
			String pupil = listing.getValue();
			JsonNode days = this.session.get("attendance/" + id, "from=" + from + "&to=" + to).path("data");
			for (Iterator<Map.Entry<String, JsonNode>> it = days.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> day = it.next();
				LocalDate date;
				try {
					date = LocalDate.parse(day.getKey());
				}
				catch (DateTimeParseException ex) {
					rejected.add(new RejectedRecord(this.school.id(), pupil, null,
							"GET attendance/" + id + ": day '" + day.getKey() + "' is not a date (YYYY-MM-DD)"));
					continue;
				}
				// An empty day may come as [] (a PHP empty array).
				if (!day.getValue().isObject() && !(day.getValue().isArray() && day.getValue().isEmpty())) {
					rejected.add(new RejectedRecord(this.school.id(), pupil, date,
							"GET attendance/" + id + ": the day holds no sessions"));
					continue;
				}
				for (Iterator<Map.Entry<String, JsonNode>> s = day.getValue().fields(); s.hasNext();) {
					Map.Entry<String, JsonNode> entry = s.next();
					mark(pupil, date, entry.getKey(), entry.getValue(), statutory, marks, rejected);
				}
			}
		}
		return new MisRead(roll.pupils(), marks, rejected, FEED, to.toString(), complete);
	}

	private void mark(String pupil, LocalDate date, String sessionName, JsonNode entry, Map<String, String> statutory,
			List<Mark> marks, List<RejectedRecord> rejected) {
		String code = entry.path("code").asText("");
		try {
			Session session = Session.parse(sessionName);
			DfeCode alias = this.school.codeAliases().get(code);
			String symbol = statutory.get(code);
			if (alias == null && symbol == null) {
				rejected.add(new RejectedRecord(this.school.id(), pupil, date,
						"code '" + code + "' is not in the school's code table"));
				return;
			}
			DfeCode dfe = (alias != null) ? alias : DfeCode.of(symbol, date);
			// The school's one "present" code stands for both registers' marks: / in the
			// morning, \ in the afternoon.
			if (dfe == DfeCode.PRESENT_AM || dfe == DfeCode.PRESENT_PM) {
				dfe = (session == Session.AM) ? DfeCode.PRESENT_AM : DfeCode.PRESENT_PM;
			}
			// 0 minutes late is how Class Charts writes "not late".
			Integer late = MisNumbers.optionalInt(entry, "late_minutes");
			marks.add(new Mark(pupil, date, session, dfe, (late != null && late > 0) ? late : null, "classcharts", null,
					null));
		}
		catch (WrongType ex) {
			rejected.add(new RejectedRecord(this.school.id(), pupil, date,
					"GET attendance: session '" + sessionName + "': " + ex.getMessage()));
		}
		catch (IllegalArgumentException ex) {
			rejected.add(new RejectedRecord(this.school.id(), pupil, date, ex.getMessage()));
		}
	}

}
