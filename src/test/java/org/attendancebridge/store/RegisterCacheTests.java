package org.attendancebridge.store;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The register kept in memory against the register stored, on a real database: after new
 * marks, corrections, a day that was missing, a deletion, a rolled-back poll and a change
 * made by another node, every read equals a fresh read of the stored marks.
 */
abstract class RegisterCacheTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-11T09:00:00Z"), ZoneOffset.UTC);

	private static final LocalDate FROM = LocalDate.of(2024, 9, 1);

	private static final LocalDate MON = LocalDate.of(2024, 11, 4);

	private TestDatabase db;

	private MarkStore node;

	private MarkStore otherNode;

	abstract TestDatabase.Kind kind();

	@BeforeEach
	void freshDatabase() {
		this.db = TestDatabase.create(kind());
		this.db.jdbc()
			.update("insert into school (id, name, mis, policy_id, created_at) values ('s', 'S', 'arbor', 'p', "
					+ "current_timestamp)", Map.of());
		this.node = new MarkStore(this.db.jdbc(), CLOCK, new RegisterCache());
		this.otherNode = new MarkStore(this.db.jdbc(), CLOCK, new RegisterCache());
	}

	private void store(MarkStore store, List<Mark> marks, LocalDate completeFrom) {
		this.db.transaction().executeWithoutResult((status) -> store.apply("s", marks, completeFrom, Set.of(), "test"));
	}

	private static Mark mark(String pupil, LocalDate date, Session session, String code) {
		return Mark.of(pupil, date, session, DfeCode.of(code, date));
	}

	/** A register as plain text: day, pupil and both sessions' codes. */
	private static Map<String, String> text(MarkStore.Register register) {
		Map<String, String> text = new TreeMap<>();
		register.byPupil().forEach((pupil, marks) -> {
			for (int day = 0; day < register.calendar().size(); day++) {
				text.put(register.calendar().day(day) + " " + pupil,
						code(marks, day, Session.AM) + "/" + code(marks, day, Session.PM));
			}
		});
		return text;
	}

	private static String code(PupilRegister marks, int day, Session session) {
		DfeCode code = marks.get(day, session);
		return (code == null) ? "-" : code.symbol();
	}

	/** What a node's read says, and that it is what the database holds. */
	private Map<String, String> readOn(MarkStore store) {
		MarkStore.Register read = this.db.transaction().execute((status) -> store.register("s", FROM));
		MarkStore.Register stored = new MarkStore(this.db.jdbc(), CLOCK, new RegisterCache()).register("s", FROM);
		assertThat(text(read)).isEqualTo(text(stored));
		return text(read);
	}

	@Test
	void aRegisterCarriedForwardIsTheStoredOne() {
		List<Mark> week = new ArrayList<>();
		for (int day = 0; day < 3; day++) {
			week.add(mark("p1", MON.plusDays(day), Session.AM, "/"));
			week.add(mark("p2", MON.plusDays(day), Session.AM, "N"));
		}
		store(this.node, week, FROM);
		assertThat(readOn(this.node)).containsEntry(MON + " p2", "N/-").hasSize(6);
		MarkStore.Register before = this.db.transaction().execute((status) -> this.node.register("s", FROM));
		// Afternoon marks, a correction, a new pupil, a new day and a day missed before.
		store(this.node,
				List.of(mark("p1", MON, Session.PM, "\\"), mark("p2", MON, Session.AM, "I"),
						mark("p3", MON.plusDays(2), Session.AM, "L"), mark("p1", MON.plusDays(7), Session.AM, "/"),
						mark("p2", MON.plusDays(3), Session.PM, "O")),
				null);
		Map<String, String> after = readOn(this.node);
		assertThat(after).containsEntry(MON + " p1", "//\\")
			.containsEntry(MON + " p2", "I/-")
			.containsEntry(MON.plusDays(2) + " p3", "L/-")
			.containsEntry(MON.plusDays(3) + " p2", "-/O")
			.containsEntry(MON.plusDays(7) + " p1", "//-");
		assertThat(text(before)).as("a register handed out earlier is not changed")
			.containsEntry(MON + " p2", "N/-")
			.hasSize(6);
	}

	@Test
	void aDeletionAndAnotherNodesChangesAreReadFromTheDatabase() {
		store(this.node, List.of(mark("p1", MON, Session.AM, "/"), mark("p1", MON, Session.PM, "/")), FROM);
		assertThat(readOn(this.node)).containsEntry(MON + " p1", "///");
		assertThat(readOn(this.otherNode)).containsEntry(MON + " p1", "///");
		// The other node corrects a mark: this node's kept register is out of date.
		store(this.otherNode, List.of(mark("p1", MON, Session.PM, "M")), null);
		assertThat(readOn(this.node)).containsEntry(MON + " p1", "//M");
		// A full read without the afternoon mark deletes it.
		store(this.node, List.of(mark("p1", MON, Session.AM, "/")), FROM);
		assertThat(readOn(this.node)).containsEntry(MON + " p1", "//-");
		assertThat(readOn(this.otherNode)).containsEntry(MON + " p1", "//-");
	}

	@Test
	void aPollRolledBackLeavesTheKeptRegisterAsStored() {
		store(this.node, List.of(mark("p1", MON, Session.AM, "/")), FROM);
		assertThat(readOn(this.node)).containsEntry(MON + " p1", "//-");
		assertThatThrownBy(() -> this.db.transaction().executeWithoutResult((status) -> {
			this.node.apply("s", List.of(mark("p1", MON, Session.AM, "N")), null, Set.of(), "test");
			assertThat(text(this.node.register("s", FROM))).as("the poll sees its own change")
				.containsEntry(MON + " p1", "N/-");
			throw new IllegalStateException("the poll failed");
		})).hasMessage("the poll failed");
		assertThat(readOn(this.node)).containsEntry(MON + " p1", "//-");
	}

}
