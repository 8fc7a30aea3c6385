package org.attendancebridge.crash;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.attendancebridge.mock.MockMis;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.store.WatermarkStore;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold of the stored registers whatever died or was cut mid-poll: each feed's
 * watermark never moved back (sampled while the test runs), the store holds the MIS's
 * register mark for mark, and every change landed once: each mark's history is one
 * unbroken chain (every entry replaces what the one before it wrote, the last wrote the
 * stored code), which a change applied twice would break.
 */
final class RegisterChecks {

	private final NamedParameterJdbcTemplate jdbc;

	private final Map<String, String> lastSeen = new HashMap<>();

	private final List<String> movedBack = new CopyOnWriteArrayList<>();

	RegisterChecks(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Reads every watermark and notes any that moved back since the last sample. */
	synchronized void sampleWatermarks() {
		this.jdbc.query("select school_id, feed, watermark from watermark", Map.of(), (RowCallbackHandler) (rs) -> {
			String feed = rs.getString(1) + "/" + rs.getString(2);
			String now = rs.getString(3);
			String before = this.lastSeen.get(feed);
			if (before != null && (now == null || WatermarkStore.isAfter(before, now))) {
				this.movedBack.add(feed + ": " + before + " -> " + now);
			}
			if (now != null) {
				this.lastSeen.put(feed, now);
			}
		});
	}

	void watermarksNeverMovedBack() {
		sampleWatermarks();
		assertThat(this.lastSeen).as("watermarks sampled").isNotEmpty();
		assertThat(this.movedBack).as("watermarks that moved back").isEmpty();
	}

	/** The store holds the school's register as the MIS has it now, mark for mark. */
	void storeMatchesMis(MockMis mock, String school) {
		SchoolState mis = mock.school(school);
		Map<String, String> expected = new HashMap<>();
		for (RegisterMark mark : mis.marks((m) -> true)) {
			String upn = mis.pupil(mark.pupilId()).orElseThrow().upn();
			expected.put(key(upn, mark.date(), mark.session().name()), mark.code());
		}
		Map<String, String> stored = new HashMap<>();
		this.jdbc.query(
				"select p.upn, m.mark_date, m.session, m.code from mark m join pupil p "
						+ "on p.school_id = m.school_id and p.pupil_id = m.pupil_id where m.school_id = :school",
				Map.of("school", school), (RowCallbackHandler) (rs) -> stored
					.put(key(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3)), rs.getString(4)));
		List<String> differences = new ArrayList<>();
		expected.forEach((mark, code) -> {
			if (!code.equals(stored.get(mark))) {
				differences.add(mark + ": MIS " + code + ", stored " + stored.get(mark));
			}
		});
		stored.keySet()
			.stream()
			.filter((mark) -> !expected.containsKey(mark))
			.forEach((mark) -> differences.add(mark + ": stored, not in the MIS"));
		assertThat(differences).as("marks of %s stored otherwise than the MIS has them", school).isEmpty();
	}

	/** No change was applied twice: each mark's history is one unbroken chain. */
	void everyChangeLandedOnce(String school) {
		Map<String, List<String[]>> histories = new HashMap<>();
		this.jdbc.query(
				"select pupil_id, mark_date, session, old_code, new_code from mark_history where school_id = :school "
						+ "order by id",
				Map.of("school", school),
				(RowCallbackHandler) (rs) -> histories
					.computeIfAbsent(key(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3)),
							(k) -> new ArrayList<>())
					.add(new String[] { rs.getString(4), rs.getString(5) }));
		Map<String, String> current = new HashMap<>();
		this.jdbc.query("select pupil_id, mark_date, session, code from mark where school_id = :school",
				Map.of("school", school), (RowCallbackHandler) (rs) -> current
					.put(key(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3)), rs.getString(4)));
		histories.forEach((mark, history) -> {
			for (int i = 1; i < history.size(); i++) {
				assertThat(history.get(i)[0])
					.as("history of %s %s, entry %d replaces what entry %d wrote", school, mark, i + 1, i)
					.isEqualTo(history.get(i - 1)[1]);
			}
			assertThat(current.get(mark)).as("the stored mark of %s %s is its history's last", school, mark)
				.isEqualTo(history.get(history.size() - 1)[1]);
		});
	}

	long changesRecorded() {
		return this.jdbc.queryForObject("select count(*) from mark_history", Map.of(), Long.class);
	}

	private static String key(String pupil, Object date, String session) {
		return pupil + "|" + date + "|" + session;
	}

}
