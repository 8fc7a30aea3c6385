package org.attendancebridge.mock.school;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.attendancebridge.mock.MockClock;
import org.attendancebridge.model.Session;

/**
 * One simulated school: its roll, staff and registers as they stand at the simulated
 * clock's now. Generated register history is released as the clock passes each event's
 * time; writes take effect at once. Every change to a mark gets the next revision, so a
 * changed-since poll sees it. Time only moves forward here: setting the clock back hides
 * nothing already released.
 */
public final class SchoolState {

	/** The code a mark gets under the unknown-code fault: no MIS table knows it. */
	public static final String UNKNOWN_CODE = "!";

	private final SchoolSpec spec;

	private final MockClock clock;

	private final List<MockPupil> pupils;

	private final Map<Integer, MockPupil> pupilsById = new HashMap<>();

	private final List<StaffMember> staff;

	private final List<MarkEvent> events;

	private int nextEvent;

	private final Map<Long, RegisterMark> current = new HashMap<>();

	private final List<RegisterMark> changeLog = new ArrayList<>();

	private final List<PupilNote> notes = new ArrayList<>();

	private final List<PupilDocument> documents = new ArrayList<>();

	private final Map<Integer, PupilDeletion> deletions = new LinkedHashMap<>();

	private long revision;

	private long nextMarkId = 1;

	private long nextNoteId = 1;

	private long nextDocumentId = 1;

	SchoolState(SchoolSpec spec, MockClock clock, List<MockPupil> pupils, List<StaffMember> staff,
			List<MarkEvent> events) {
		this.spec = spec;
		this.clock = clock;
		this.pupils = List.copyOf(pupils);
		this.pupils.forEach(p -> this.pupilsById.put(p.id(), p));
		this.staff = List.copyOf(staff);
		this.events = new ArrayList<>(events);
		this.events.sort((a, b) -> a.at().compareTo(b.at()));
	}

	public SchoolSpec spec() {
		return this.spec;
	}

	public String id() {
		return this.spec.id();
	}

	public MockClock clock() {
		return this.clock;
	}

	public Instant now() {
		return this.clock.instant();
	}

	/** Pupils on roll now: a deleted pupil is gone until restored. */
	public synchronized List<MockPupil> pupils() {
		Instant now = now();
		return this.pupils.stream().filter(p -> !isDeleted(p.id(), now)).toList();
	}

	public synchronized Optional<MockPupil> pupil(int id) {
		MockPupil pupil = this.pupilsById.get(id);
		return (pupil == null || isDeleted(id, now())) ? Optional.empty() : Optional.of(pupil);
	}

	public List<StaffMember> staff() {
		return this.staff;
	}

	private boolean isDeleted(int pupilId, Instant now) {
		PupilDeletion deletion = this.deletions.get(pupilId);
		return deletion != null && !now.isBefore(deletion.deletedAt())
				&& (deletion.restoredAt() == null || now.isBefore(deletion.restoredAt()));
	}

	/** The highest revision so far. */
	public synchronized long revision() {
		advance();
		return this.revision;
	}

	/** Current marks of pupils on roll that match, in date, session and pupil order. */
	public synchronized List<RegisterMark> marks(Predicate<RegisterMark> filter) {
		advance();
		Instant now = now();
		List<RegisterMark> result = new ArrayList<>();
		for (RegisterMark mark : this.current.values()) {
			if (!isDeleted(mark.pupilId(), now) && filter.test(mark)) {
				result.add(mark);
			}
		}
		result.sort((a, b) -> {
			int c = a.date().compareTo(b.date());
			if (c == 0) {
				c = a.session().compareTo(b.session());
			}
			return c != 0 ? c : Integer.compare(a.pupilId(), b.pupilId());
		});
		return result;
	}

	public synchronized Optional<RegisterMark> mark(int pupilId, LocalDate date, Session session) {
		advance();
		return Optional.ofNullable(this.current.get(RegisterMark.key(pupilId, date, session)));
	}

	/** Changes after {@code fromRevision}, oldest first, at most {@code limit}. */
	public synchronized List<RegisterMark> changesAfter(long fromRevision, int limit) {
		advance();
		int low = 0;
		int high = this.changeLog.size();
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (this.changeLog.get(mid).revision() <= fromRevision) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		int from = low;
		return List.copyOf(this.changeLog.subList(from, (int) Math.min(this.changeLog.size(), (long) from + limit)));
	}

	/** Marks changed after {@code after}, oldest change first. */
	public synchronized List<RegisterMark> updatedAfter(Instant after) {
		return marks(m -> m.updatedAt().isAfter(after)).stream()
			.sorted((a, b) -> Long.compare(a.revision(), b.revision()))
			.toList();
	}

	/**
	 * Writes a mark as the MIS would on an amendment: a new revision at the simulated
	 * now.
	 * @throws IllegalArgumentException for an unknown pupil, or a session whose register
	 * has not been taken yet
	 */
	public synchronized RegisterMark amend(int pupilId, LocalDate date, Session session, String code,
			Integer minutesLate, String comment) {
		advance();
		if (pupil(pupilId).isEmpty()) {
			throw new IllegalArgumentException("no pupil " + pupilId + " on roll");
		}
		Instant now = now();
		if (!TermCalendar.isSchoolDay(date) || MockClock.at(date, TermCalendar.registerTime(session)).isAfter(now)) {
			throw new IllegalArgumentException("no register for " + date + " " + session + " yet");
		}
		return apply(pupilId, date, session, code, minutesLate, comment, now);
	}

	private RegisterMark apply(int pupilId, LocalDate date, Session session, String code, Integer minutesLate,
			String comment, Instant at) {
		long key = RegisterMark.key(pupilId, date, session);
		RegisterMark before = this.current.get(key);
		long next = ++this.revision;
		RegisterMark after = (before == null) ? new RegisterMark(this.nextMarkId++, pupilId, date, session, code,
				minutesLate, comment, next, 0, at, at) : before.next(code, minutesLate, comment, next, at);
		this.current.put(key, after);
		this.changeLog.add(after);
		return after;
	}

	/** Releases the generated events whose time has come. */
	private void advance() {
		Instant now = now();
		while (this.nextEvent < this.events.size() && !this.events.get(this.nextEvent).at().isAfter(now)) {
			MarkEvent event = this.events.get(this.nextEvent++);
			RegisterMark existing = this.current.get(RegisterMark.key(event.pupilId(), event.date(), event.session()));
			if (event.expectedCode() != null && (existing == null || !existing.code().equals(event.expectedCode()))) {
				continue;
			}
			apply(event.pupilId(), event.date(), event.session(), event.code(), event.minutesLate(), event.comment(),
					event.at());
		}
	}

	public synchronized PupilNote addNote(int pupilId, String kind, String summary, String content) {
		if (pupil(pupilId).isEmpty()) {
			throw new IllegalArgumentException("no pupil " + pupilId + " on roll");
		}
		PupilNote note = new PupilNote(this.nextNoteId++, pupilId, kind, summary, content, now());
		this.notes.add(note);
		return note;
	}

	public synchronized List<PupilNote> notes(String kind) {
		return this.notes.stream().filter(n -> kind == null || n.kind().equals(kind)).toList();
	}

	/**
	 * Attaches a document to a pupil, as the MIS keeps an upload.
	 * @throws IllegalArgumentException for an unknown pupil, or content that is not a PDF
	 */
	public synchronized PupilDocument addDocument(int pupilId, String kind, String title, String fileName,
			String contentType, String reference, byte[] content) {
		if (pupil(pupilId).isEmpty()) {
			throw new IllegalArgumentException("no pupil " + pupilId + " on roll");
		}
		if (!"application/pdf".equals(contentType)) {
			throw new IllegalArgumentException("content type must be application/pdf, not " + contentType);
		}
		if (content == null || content.length < 5
				|| !new String(content, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-")) {
			throw new IllegalArgumentException("the content is not a PDF");
		}
		PupilDocument document = new PupilDocument(this.nextDocumentId++, pupilId, kind, title, fileName, contentType,
				reference, content.clone(), now());
		this.documents.add(document);
		return document;
	}

	/** The documents of one kind (all when null), oldest first. */
	public synchronized List<PupilDocument> documents(String kind) {
		return this.documents.stream().filter(d -> kind == null || d.kind().equals(kind)).toList();
	}

	/**
	 * Takes a pupil off the roll now and puts them back after {@code gap} of simulated
	 * time: the deleted-then-restored fault.
	 */
	public synchronized PupilDeletion deleteAndRestore(int pupilId, Duration gap) {
		Instant now = now();
		PupilDeletion deletion = new PupilDeletion(this.deletions.size() + 1L, pupilId, now, now.plus(gap));
		this.deletions.put(pupilId, deletion);
		return deletion;
	}

	public synchronized List<PupilDeletion> deletions() {
		return List.copyOf(this.deletions.values());
	}

	/**
	 * Late corrections: changes {@code count} marks of the last 7 days (present to late,
	 * absent to illness), each with a new revision, as a school tidying its registers
	 * does.
	 */
	public synchronized List<RegisterMark> correctRecentMarks(int count) {
		advance();
		LocalDate today = this.clock.londonNow().toLocalDate();
		List<RegisterMark> recent = marks(m -> !m.date().isBefore(today.minusDays(7)) && !m.date().isAfter(today));
		SplittableRandom random = new SplittableRandom(this.revision);
		List<RegisterMark> corrected = new ArrayList<>();
		for (int i = 0; i < count && !recent.isEmpty(); i++) {
			RegisterMark mark = recent.remove(random.nextInt(recent.size()));
			boolean present = mark.code().equals("/") || mark.code().equals("\\");
			corrected.add(apply(mark.pupilId(), mark.date(), mark.session(), present ? "L" : "I",
					present ? 5 + random.nextInt(20) : null, "late correction", now()));
		}
		return corrected;
	}

	/** Gives one recent mark a code no table knows: the unknown-code fault. */
	public synchronized Optional<RegisterMark> injectUnknownCode() {
		advance();
		List<RegisterMark> all = marks(m -> true);
		if (all.isEmpty()) {
			return Optional.empty();
		}
		RegisterMark mark = all.get(all.size() - 1);
		return Optional.of(apply(mark.pupilId(), mark.date(), mark.session(), UNKNOWN_CODE, null, null, now()));
	}

}
