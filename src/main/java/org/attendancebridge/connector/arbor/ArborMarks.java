package org.attendancebridge.connector.arbor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.MisBooleans;
import org.attendancebridge.connector.MisNumbers;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.WrongType;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Session;
import org.attendancebridge.model.UnknownCodeException;

/**
 * Maps Arbor attendance records onto canonical marks. The code comes from the record's
 * {@code AttendanceMark} (through the school's own aliases where it renamed a code), the
 * session from the register's type ({@code isMorning}/{@code isAfternoon}), the date from
 * the register's start, which Arbor writes in GMT whatever the season: it is turned back
 * into the school's own time before the date is taken.
 */
final class ArborMarks {

	static final DateTimeFormatter ARBOR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final String school;

	private final ZoneId zone;

	private final Map<Long, String> codeSymbols = new HashMap<>();

	private final Map<Long, Session> sessionByType = new HashMap<>();

	/**
	 * Register types whose morning or afternoon has the wrong type, by id: which, why.
	 */
	private final Map<Long, String> unreadableTypes = new HashMap<>();

	private final Map<Long, Register> registers = new HashMap<>();

	private final Map<String, DfeCode> aliases;

	private final LongFunction<JsonNode> fetchRegister;

	/**
	 * A register: its day in the school's time, and its session, or why its type cannot
	 * tell the session.
	 */
	record Register(LocalDate date, Session session, String unreadableType) {
	}

	ArborMarks(String school, ZoneId zone, List<JsonNode> attendanceMarks, List<JsonNode> registerTypes,
			Map<String, DfeCode> aliases, LongFunction<JsonNode> fetchRegister) {
		this.school = school;
		this.zone = zone;
		this.aliases = aliases;
		this.fetchRegister = fetchRegister;
		for (JsonNode mark : attendanceMarks) {
			this.codeSymbols.put(ArborClient.idOf(mark), mark.path("code").asText(mark.path("displayName").asText()));
		}
		for (JsonNode type : registerTypes) {
			long id = ArborClient.idOf(type);
			try {
				boolean morning = MisBooleans.isTrue(type, "isMorning");
				boolean afternoon = MisBooleans.isTrue(type, "isAfternoon");
				if (morning) {
					this.sessionByType.put(id, Session.AM);
				}
				else if (afternoon) {
					this.sessionByType.put(id, Session.PM);
				}
			}
			catch (WrongType ex) {
				// Only the records on its registers are rejected, each with its day.
				this.unreadableTypes.put(id, "type " + id + ", whose " + ex.getMessage());
			}
		}
	}

	/**
	 * Takes in registers read in bulk, so records need not fetch them one by one. A
	 * register with a wrong-typed id is left out: a record that names it fetches it, and
	 * is rejected if it is still unusable.
	 */
	void addRegisters(List<JsonNode> registers) {
		for (JsonNode register : registers) {
			try {
				Register read = register(register);
				if (read != null) {
					this.registers.put(ArborClient.idOf(register), read);
				}
			}
			catch (WrongType ex) {
				// Left for the records that name it.
			}
		}
	}

	/**
	 * The mark a record carries, or null after telling {@code rejects} why not.
	 * @throws WrongType when a field holds the wrong type: the caller rejects the record,
	 * saying where it was
	 */
	Mark map(JsonNode record, String pupilId, Consumer<RejectedRecord> rejects) {
		String recordId = String.valueOf(ArborClient.idOf(record));
		long registerId = ArborClient.idOf(record.path("attendanceRegister"));
		Register register = this.registers.computeIfAbsent(registerId, (id) -> register(this.fetchRegister.apply(id)));
		if (register == null) {
			rejects.accept(new RejectedRecord(this.school, pupilId, null, "attendance record " + recordId
					+ ": its register " + registerId + " is missing or has no morning or afternoon type"));
			return null;
		}
		if (register.unreadableType() != null) {
			throw new WrongType("its register " + registerId + " is of " + register.unreadableType());
		}
		long markId = ArborClient.idOf(record.path("attendanceMark"));
		String symbol = this.codeSymbols.get(markId);
		DfeCode code;
		try {
			if (symbol == null) {
				rejects.accept(new RejectedRecord(this.school, pupilId, register.date(),
						"attendance mark " + markId + " is not in the school's code table"));
				return null;
			}
			DfeCode alias = this.aliases.get(symbol);
			code = (alias != null) ? alias : DfeCode.of(symbol, register.date());
		}
		catch (UnknownCodeException ex) {
			rejects.accept(new RejectedRecord(this.school, pupilId, register.date(), ex.getMessage()));
			return null;
		}
		Integer minutesLate = MisNumbers.optionalInt(record, "minutesLate");
		Instant modified = gmt(record.path("lastModifiedDatetime"));
		return new Mark(pupilId, register.date(), register.session(), code, minutesLate, "arbor", recordId, modified);
	}

	/**
	 * The day a record is on, or null when that cannot be told: a record rejected with
	 * its day makes that day's stored mark unreadable rather than gone from the MIS.
	 */
	LocalDate dayOf(JsonNode record) {
		try {
			long registerId = ArborClient.idOf(record.path("attendanceRegister"));
			Register register = this.registers.computeIfAbsent(registerId,
					(id) -> register(this.fetchRegister.apply(id)));
			return (register == null) ? null : register.date();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private Register register(JsonNode register) {
		if (register == null) {
			return null;
		}
		long type = ArborClient.idOf(register.path("attendanceRegisterType"));
		Session session = this.sessionByType.get(type);
		String unreadable = this.unreadableTypes.get(type);
		Instant start = gmt(register.path("startDatetime"));
		if ((session == null && unreadable == null) || start == null) {
			return null;
		}
		return new Register(start.atZone(this.zone).toLocalDate(), session, unreadable);
	}

	/** Arbor's {@code {"date":"2024-09-03 07:50:00"}}, in GMT. */
	static Instant gmt(JsonNode date) {
		String text = date.isTextual() ? date.asText() : date.path("date").asText(null);
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(text.substring(0, Math.min(19, text.length())), ARBOR_TIME)
				.toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** A school-time moment in Arbor's GMT text form. */
	static String arborTime(ZonedDateTime time) {
		return ARBOR_TIME.format(time.withZoneSameInstant(ZoneOffset.UTC));
	}

}
