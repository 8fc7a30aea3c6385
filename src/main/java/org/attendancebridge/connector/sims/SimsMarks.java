package org.attendancebridge.connector.sims;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.MisNumbers;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.WrongType;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Session;
import org.attendancebridge.model.UnknownCodeException;

/**
 * Maps SIMS attendance records onto canonical marks. A record names its learner and its
 * {@code StatutoryAttendanceSession} (whose date and AM/PM come from the sessions read
 * beside the records) and carries the school's SIMS code, often a three-character
 * sub-code: the connector file's aliases are tried first, then the school's code table,
 * which says which statutory code each SIMS code returns as. A record that cannot be
 * mapped is rejected with the school, the pupil, the date and the code.
 */
final class SimsMarks {

	/** A statutory session: its day and whether it is the morning or afternoon. */
	record SessionDay(LocalDate date, Session session) {
	}

	private final String school;

	private final SimsCodeTable codes;

	private final Map<String, DfeCode> aliases;

	private final Map<String, SessionDay> sessions = new HashMap<>();

	SimsMarks(String school, SimsCodeTable codes, Map<String, DfeCode> aliases) {
		this.school = school;
		this.codes = codes;
		this.aliases = aliases;
	}

	/** Takes in {@code StatutoryAttendanceSessions}; unusable ones are left out. */
	void addSessions(List<JsonNode> read) {
		for (JsonNode s : read) {
			if (s.path("ExternalID").asText("").isEmpty()) {
				// No record can name it.
				continue;
			}
			try {
				this.sessions.put(s.path("ExternalID").asText(), new SessionDay(
						LocalDate.parse(s.path("Date").asText()), Session.parse(s.path("Session").asText())));
			}
			catch (DateTimeParseException | IllegalArgumentException ex) {
				// A session with no usable date or AM/PM: its records are rejected.
			}
		}
	}

	/** Whether every record's session is known. */
	boolean knowsSessionsOf(List<JsonNode> records) {
		return records.stream().allMatch((r) -> this.sessions.containsKey(eventOf(r)));
	}

	/** The mark a record carries, or null after telling {@code rejects} why not. */
	Mark map(JsonNode record, Consumer<RejectedRecord> rejects) {
		String recordId = record.path("ExternalID").asText();
		String pupilId = SimsPupils.pupilId(record.path("Attendee").path("ExternalID").asText("?"));
		if (recordId.isEmpty()) {
			rejects.accept(new RejectedRecord(this.school, pupilId, null,
					"an attendance record without ExternalID (session '" + eventOf(record) + "')"));
			return null;
		}
		SessionDay day = this.sessions.get(eventOf(record));
		if (day == null) {
			rejects.accept(new RejectedRecord(this.school, pupilId, null, "attendance record " + recordId
					+ ": its session '" + eventOf(record) + "' is not a statutory attendance session SIMS listed"));
			return null;
		}
		String simsCode = record.path("AttendanceCode").path("ExternalID").asText("");
		DfeCode code;
		try {
			DfeCode alias = this.aliases.get(simsCode);
			Optional<DfeCode> mapped = (alias != null) ? Optional.of(alias) : this.codes.toDfe(simsCode, day.date());
			if (mapped.isEmpty()) {
				rejects.accept(new RejectedRecord(this.school, pupilId, day.date(),
						"SIMS code '" + simsCode + "' is not in the school's code table"));
				return null;
			}
			code = mapped.get();
		}
		catch (UnknownCodeException ex) {
			rejects.accept(new RejectedRecord(this.school, pupilId, day.date(),
					"SIMS code '" + simsCode + "': " + ex.getMessage()));
			return null;
		}
		JsonNode qualifier = record.path("Qualifier");
		Integer minutesLate;
		try {
			minutesLate = MisNumbers.optionalInt(qualifier, "MinutesLate");
		}
		catch (WrongType ex) {
			rejects.accept(new RejectedRecord(this.school, pupilId, day.date(),
					"attendance record " + recordId + ": Qualifier " + ex.getMessage()));
			return null;
		}
		return new Mark(pupilId, day.date(), day.session(), code, minutesLate, "sims", recordId,
				instant(record.path("LastUpdated").asText("")));
	}

	static String eventOf(JsonNode record) {
		return record.path("Event").path("ExternalID").asText("");
	}

	/** SIMS's {@code LastUpdated} ({@code 2024-11-11T08:50:00Z}, or with an offset). */
	static Instant instant(String text) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return Instant.parse(text);
			}
			catch (DateTimeParseException again) {
				return null;
			}
		}
	}

}
