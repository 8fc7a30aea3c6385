package org.attendancebridge.connector.sims;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;

/**
 * Reads one SIMS school: the learners with their contacts, and the attendance records,
 * either the whole period in windows of at most 90 days (SIMS refuses wider ones) or what
 * {@code SIMS.Changes} reports since the stored watermark. The watermark is an instant:
 * the newest {@code LastUpdated} read, or for a whole read the moment it began (less a
 * margin for the two clocks), so a change made during the read is read again next time
 * rather than lost. It only ever moves forward.
 */
final class SimsReader {

	static final String FEED = "AttendanceRecords";

	/** SIMS answers at most this many days per call, both ends included. */
	static final int WINDOW_DAYS = 90;

	/** How far back each change read starts before the watermark: same-second writes. */
	static final Duration OVERLAP = Duration.ofSeconds(60);

	/** Our clock against SIMS's: a whole read's watermark is set back this far. */
	static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

	/** Pages that shift under a change read are read again, this many times at most. */
	private static final int SHIFTED_READS = 3;

	private final SimsClient client;

	private final ConnectorConfig school;

	SimsReader(SimsClient client, ConnectorConfig school) {
		this.client = client;
		this.school = school;
	}

	/** A period of days, both ends included. */
	record Window(LocalDate from, LocalDate to) {
	}

	/** {@code from} to {@code to} in windows SIMS accepts, oldest first. */
	static List<Window> windows(LocalDate from, LocalDate to) {
		List<Window> windows = new ArrayList<>();
		for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(WINDOW_DAYS)) {
			LocalDate end = start.plusDays(WINDOW_DAYS - 1);
			windows.add(new Window(start, end.isAfter(to) ? to : end));
		}
		return windows;
	}

	/**
	 * Whether the change feed still reaches back to the watermark (SIMS answers at most
	 * 90 days of changes); a day is kept in hand for the clocks.
	 */
	static boolean changesReach(Instant watermark, Instant now) {
		return watermark.minus(OVERLAP).isAfter(now.minus(Duration.ofDays(WINDOW_DAYS - 1)));
	}

	/**
	 * @param rejected told of each pupil whose own record could not be read (left out, to
	 * stay as last stored), and each contact with a field of the wrong type (kept)
	 */
	List<Pupil> pupils(Consumer<RejectedRecord> rejected) {
		List<JsonNode> learners = identified("LearnerIdentifiers");
		List<JsonNode> contacts = identified("LearnerContacts");
		return SimsPupils.build(this.school.id(), learners, contacts, rejected);
	}

	/** A list whose every record must carry its ExternalID: a pupil is kept by it. */
	private List<JsonNode> identified(String path) {
		List<JsonNode> records = this.client.list(path, Map.of()).records();
		for (JsonNode record : records) {
			if (record.path("ExternalID").asText("").isEmpty()) {
				throw new MisHttpException(this.school.id() + ": GET " + path + " answered a record without ExternalID",
						200, null);
			}
		}
		return records;
	}

	private SimsMarks marks() {
		return new SimsMarks(this.school.id(), this.client.codeTable(), this.school.codeAliases());
	}

	/**
	 * Every record from {@code from} to {@code to}, for the first read and the nightly
	 * reconciliation.
	 * @param startedAt when the read began, on our clock
	 */
	MisRead everything(LocalDate from, LocalDate to, Instant startedAt, List<Pupil> pupils) {
		SimsMarks mapper = marks();
		List<RejectedRecord> rejected = new ArrayList<>();
		Map<String, Mark> marks = new LinkedHashMap<>();
		for (Window window : windows(from, to)) {
			mapper.addSessions(this.client.window("StatutoryAttendanceSessions", window.from(), window.to()).records());
			for (JsonNode record : this.client.window("AttendanceRecords", window.from(), window.to()).records()) {
				put(marks, record, mapper.map(record, rejected::add));
			}
		}
		return new MisRead(pupils, new ArrayList<>(marks.values()), rejected, FEED,
				startedAt.minus(CLOCK_MARGIN).toString(), true);
	}

	/**
	 * What {@code SIMS.Changes} reports since the watermark (less a minute's overlap).
	 * @param yearStart where the sessions of an old record are looked for
	 * @param today the school's today
	 */
	MisRead changes(Instant watermark, LocalDate yearStart, LocalDate today, List<Pupil> pupils) {
		String path = "AttendanceRecords/SIMS.Changes(startDate=" + watermark.minus(OVERLAP) + ")";
		List<JsonNode> records = null;
		for (int read = 1; records == null; read++) {
			SimsClient.Listing listing = this.client.list(path, Map.of());
			// A record met twice moved to the end while we paged: the one behind it on
			// the page boundary may have been stepped over, so the feed is read again.
			if (!listing.repeated() || read == SHIFTED_READS) {
				records = listing.records();
			}
		}
		SimsMarks mapper = marks();
		if (!mapper.knowsSessionsOf(records)) {
			LocalDate recent = today.minusDays(WINDOW_DAYS - 1);
			mapper.addSessions(this.client.window("StatutoryAttendanceSessions", recent, today).records());
			if (!mapper.knowsSessionsOf(records) && yearStart.isBefore(recent)) {
				for (Window window : windows(yearStart, recent.minusDays(1))) {
					mapper.addSessions(
							this.client.window("StatutoryAttendanceSessions", window.from(), window.to()).records());
				}
			}
		}
		List<RejectedRecord> rejected = new ArrayList<>();
		Map<String, Mark> marks = new LinkedHashMap<>();
		Instant latest = watermark;
		for (JsonNode record : records) {
			put(marks, record, mapper.map(record, rejected::add));
			Instant updated = SimsMarks.instant(record.path("LastUpdated").asText(""));
			if (updated != null && updated.isAfter(latest)) {
				latest = updated;
			}
		}
		return new MisRead(pupils, new ArrayList<>(marks.values()), rejected, FEED, latest.toString(), false);
	}

	/** The record's last state wins; if that state is unusable, so is the record. */
	private static void put(Map<String, Mark> marks, JsonNode record, Mark mark) {
		String id = record.path("ExternalID").asText();
		marks.remove(id);
		if (mark != null) {
			marks.put(id, mark);
		}
	}

	/** A watermark as stored, or an error naming the school and the feed. */
	static Instant parseWatermark(String school, String stored) {
		try {
			return Instant.parse(stored);
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new IllegalStateException(
					school + ": the stored " + FEED + " watermark '" + stored + "' is not an instant");
		}
	}

}
