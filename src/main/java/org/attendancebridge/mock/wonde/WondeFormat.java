package org.attendancebridge.mock.wonde;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.attendancebridge.mock.http.BadRequestException;
import org.attendancebridge.mock.http.Responses;

/**
 * Wonde's ids and timestamps: {@code {"date":"2025-10-29
 * 14:53:44.000000","timezone_type":3,"timezone":"UTC"}}.
 */
final class WondeFormat {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter UPDATED_AFTER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private WondeFormat() {
	}

	static ObjectNode timestamp(Instant instant) {
		ObjectNode node = Responses.object();
		node.put("date", TIMESTAMP.format(instant));
		node.put("timezone_type", 3);
		node.put("timezone", "UTC");
		return node;
	}

	static ObjectNode date(LocalDate date) {
		return timestamp(date.atStartOfDay(ZoneOffset.UTC).toInstant());
	}

	/**
	 * {@code updated_after=YYYY-MM-DD HH:MM:SS} in UTC (a bare date means its midnight).
	 */
	static Instant updatedAfter(String value) {
		if (value == null || value.isBlank()) {
			return Instant.EPOCH;
		}
		try {
			if (value.length() == 10) {
				return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return LocalDateTime.parse(value, UPDATED_AFTER).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new BadRequestException("updated_after must be YYYY-MM-DD HH:MM:SS");
		}
	}

	static String studentId(int pupilId) {
		return "A" + (1_000_000_000L + pupilId * 7_919L);
	}

	static int pupilId(String studentId) {
		try {
			long n = Long.parseLong(studentId.substring(1)) - 1_000_000_000L;
			if (!studentId.startsWith("A") || n % 7_919L != 0) {
				return -1;
			}
			return (int) (n / 7_919L);
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	static String contactId(int contactId) {
		return "B" + (2_000_000_000L + contactId * 104_729L);
	}

	static String markId(long markId) {
		return "C" + (3_000_000_000L + markId);
	}

	static String codeId(int ordinal) {
		return "D" + (4_000_000 + ordinal);
	}

}
