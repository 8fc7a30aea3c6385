package org.attendancebridge.connector.arbor;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.MisNumbers;
import org.attendancebridge.connector.MisRead;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.WrongType;
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

	/**
	 * @param rejected told of each pupil whose own record could not be read (left out, to
	 * stay as last stored), and each contact with a field of the wrong type (kept)
	 */
	List<Pupil> pupils(Consumer<RejectedRecord> rejected) {
		Map<String, List<JsonNode>> read = new LinkedHashMap<>();
		ArborPupils.RESOURCES.forEach((path, key) -> read.put(path, this.client.list(path, key, Map.of())));
		try {
			// An identifier of the wrong type leaves no way to tell whose record is
			// whose.
			return ArborPupils.build(this.school.id(), read, rejected);
		}
		catch (WrongType ex) {
			throw refused("the pupils and their contacts", ex);
		}
	}

	List<StaffRole> staff() {
		List<JsonNode> staff = this.client.list(ArborStaff.PATH, ArborStaff.LIST_KEY, Map.of());
		try {
			return ArborStaff.build(staff);
		}
		catch (WrongType ex) {
			throw refused(ArborStaff.PATH, ex);
		}
	}

	private ArborMarks marks() {
		List<JsonNode> codes = this.client.list("attendance-marks", "attendanceMarks", Map.of());
		List<JsonNode> types = this.client.list("attendance-register-types", "attendanceRegisterTypes", Map.of());
		try {
			return new ArborMarks(this.school.id(), this.school.timeZone(), codes, types, this.school.codeAliases(),
					this::registerOrNull);
		}
		catch (WrongType ex) {
			throw refused("attendance-marks and attendance-register-types", ex);
		}
	}

	/** A wrong type in an answer every record relies on: the read stops, naming it. */
	private MisHttpException refused(String what, WrongType ex) {
		return new MisHttpException(this.school.id() + ": " + what + " could not be read: " + ex.getMessage(), 200, ex);
	}

	/**
	 * Maps one record; one with a wrong-typed field is rejected, naming the field and
	 * where it stood, and the others are kept.
	 * @return the record's id and its mark (null when rejected), or null when not even
	 * the id could be read
	 */
	private Mapped map(ArborMarks mapper, JsonNode record, String where, List<RejectedRecord> rejected) {
		String recordId = null;
		String pupilId = null;
		try {
			recordId = String.valueOf(ArborClient.idOf(record));
			pupilId = ArborPupils.pupilId(ArborClient.idOf(record.path("student")));
			return new Mapped(recordId, mapper.map(record, pupilId, rejected::add));
		}
		catch (WrongType ex) {
			rejected.add(new RejectedRecord(this.school.id(), pupilId, mapper.dayOf(record),
					"attendance record (" + where + "): " + ex.getMessage()));
			// With its id known, the record is rejected in this state: an earlier
			// state read before it is no longer current.
			return (recordId == null) ? null : new Mapped(recordId, null);
		}
	}

	/** A record's id and the mark it carries (null if it carries none). */
	private record Mapped(String recordId, Mark mark) {
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
			int item = 0;
			for (JsonNode change : changes) {
				item++;
				String where = "change " + item + " of the changelog page after revision " + before;
				// A revision of the wrong type does not make the change's mark unusable:
				// the mark is kept and only the revision stays where it was.
				long to = revision;
				try {
					to = MisNumbers.longOr(change, "toRevision", revision);
				}
				catch (WrongType ex) {
					rejected.add(new RejectedRecord(this.school.id(), null, null,
							where + ": " + ex.getMessage() + "; its record is read, the revision does not move"));
				}
				Mapped mapped = map(mapper, change.path("changedObject"), where, rejected);
				if (mapped != null) {
					// The record's last state wins; if that state is unusable, so is the
					// record.
					marks.remove(mapped.recordId());
					if (mapped.mark() != null) {
						marks.put(mapped.recordId(), mapped.mark());
					}
				}
				revision = Math.max(revision, to);
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
		long current;
		try {
			current = MisNumbers.longOr(this.client.changelog(Long.MAX_VALUE - 1), "currentRevision", 0);
		}
		catch (WrongType ex) {
			throw refused("attendance-records/changelog", ex);
		}
		ArborMarks mapper = marks();
		String since = ArborMarks.arborTime(from.atTime(LocalTime.MIDNIGHT).atZone(this.school.timeZone()));
		mapper.addRegisters(
				this.client.list("attendance-registers", "attendanceRegisters", Map.of("startDatetime.from", since)));
		List<RejectedRecord> rejected = new ArrayList<>();
		List<Mark> marks = new ArrayList<>();
		List<JsonNode> records = this.client.list("attendance-records", "attendanceRecords",
				Map.of("startDatetime.from", since));
		for (int i = 0; i < records.size(); i++) {
			Mapped mapped = map(mapper, records.get(i), "item " + (i + 1) + " of " + records.size() + " read",
					rejected);
			if (mapped != null && mapped.mark() != null) {
				marks.add(mapped.mark());
			}
		}
		return new MisRead(pupils, marks, rejected, FEED, String.valueOf(current), true);
	}

}
