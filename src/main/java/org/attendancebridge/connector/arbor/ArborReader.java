package org.attendancebridge.connector.arbor;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.StaffRole;

/**
 * Reads one Arbor school: the pupils with their contacts, the staff roles, and the
 * attendance records, either what changed after the stored changelog revision or, for the
 * nightly reconciliation, every record since the start of the period. The changelog
 * revision is the watermark: it only ever moves forward.
 */
final class ArborReader {

	static final String FEED = "attendance-records";

	private final ArborClient client;

	private final ConnectorConfig school;

	ArborReader(ArborClient client, ConnectorConfig school) {
		this.client = client;
		this.school = school;
	}

	List<Pupil> pupils() {
		Map<String, List<JsonNode>> read = new LinkedHashMap<>();
		ArborPupils.RESOURCES.forEach((path, key) -> read.put(path, this.client.list(path, key, Map.of())));
		return ArborPupils.build(read);
	}

	List<StaffRole> staff() {
		return ArborStaff.build(this.client.list(ArborStaff.PATH, ArborStaff.LIST_KEY, Map.of()));
	}

	private ArborMarks marks() {
		return new ArborMarks(this.school.id(), this.school.timeZone(),
				this.client.list("attendance-marks", "attendanceMarks", Map.of()),
				this.client.list("attendance-register-types", "attendanceRegisterTypes", Map.of()),
				this.school.codeAliases(), this::registerOrNull);
	}

	/**
	 * A register a record names; one the MIS cannot find leaves only that record unusable
	 * (it is reported), not the whole poll.
	 */
	private JsonNode registerOrNull(long id) {
		try {
			return this.client.get("attendance-registers", "attendanceRegister", id);
		}
		catch (MisHttpException ex) {
			if (ex.status() == 404) {
				return null;
			}
			throw ex;
		}
	}

	/**
	 * The changes after {@code fromRevision} (0 reads everything the changelog holds).
	 */
	MisRead changes(long fromRevision, List<Pupil> pupils) {
		ArborMarks mapper = marks();
		List<RejectedRecord> rejected = new ArrayList<>();
		// A record changed twice in the feed counts once: its last state.
		Map<String, Mark> marks = new LinkedHashMap<>();
		long revision = fromRevision;
		while (true) {
			JsonNode page = this.client.changelog(revision);
			JsonNode changes = page.path("changes");
			if (!changes.isArray() || changes.isEmpty()) {
				break;
			}
			long before = revision;
			for (JsonNode change : changes) {
				JsonNode record = change.path("changedObject");
				Mark mark = mapper.map(record, ArborPupils.pupilId(ArborClient.idOf(record.path("student"))),
						rejected::add);
				String recordId = String.valueOf(ArborClient.idOf(record));
				// The record's last state wins; if that state is unusable, so is the
				// record.
				marks.remove(recordId);
				if (mark != null) {
					marks.put(recordId, mark);
				}
				revision = Math.max(revision, change.path("toRevision").asLong(revision));
			}
			if (revision == before || changes.size() < ArborClient.CHANGELOG_PAGE) {
				break;
			}
		}
		return new MisRead(pupils, new ArrayList<>(marks.values()), rejected, FEED, String.valueOf(revision), false);
	}

	/**
	 * Every record from {@code from} on, for reconciliation, and the current revision
	 * read first, so a change made during the read is read again next time rather than
	 * lost.
	 */
	MisRead everything(LocalDate from, List<Pupil> pupils) {
		long current = this.client.changelog(Long.MAX_VALUE - 1).path("currentRevision").asLong(0);
		ArborMarks mapper = marks();
		String since = ArborMarks.arborTime(from.atTime(LocalTime.MIDNIGHT).atZone(this.school.timeZone()));
		mapper.addRegisters(
				this.client.list("attendance-registers", "attendanceRegisters", Map.of("startDatetime.from", since)));
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Mark> marks = new ArrayList<>();
		for (JsonNode record : this.client.list("attendance-records", "attendanceRecords",
				Map.of("startDatetime.from", since))) {
			Mark mark = mapper.map(record, ArborPupils.pupilId(ArborClient.idOf(record.path("student"))),
					rejected::add);
			if (mark != null) {
				marks.add(mark);
			}
		}
		return new MisRead(pupils, marks, rejected, FEED, String.valueOf(current), true);
	}

}
