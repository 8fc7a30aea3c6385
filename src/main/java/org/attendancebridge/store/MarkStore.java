package org.attendancebridge.store;

import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Mark;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.model.Session;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * The register: one mark per pupil, date and session. Storing the same mark again changes
 * nothing; a different code replaces the mark and the original goes to
 * {@code mark_history} with the new one, when and from where; a mark the MIS no longer
 * has (found by a full read) is deleted the same way. Call inside the poll's transaction.
 */
@Repository
public class MarkStore {

	/** What storing a batch did. */
	public record Applied(int inserted, int updated, int deleted, int unchanged, Set<String> changedPupils) {
	}

	/** A school's register over a period, for the evaluator. */
	public record Register(SchoolCalendar calendar, Map<String, PupilRegister> byPupil) {
	}

	private static final int ROWS_PER_INSERT = 500;

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final RegisterCache kept;

	public MarkStore(NamedParameterJdbcTemplate jdbc, Clock clock, RegisterCache kept) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.kept = kept;
	}

	/** The key {@code unreadable} holds for a pupil's day. */
	public static String pupilDay(String pupil, Object date) {
		return pupil + "|" + date;
	}

	private static String key(String pupil, LocalDate date, String session) {
		return pupil + "|" + date + "|" + session;
	}

	/**
	 * Stores marks. With {@code completeFrom} set, the marks are everything the MIS holds
	 * from that day on: stored marks from then that the batch lacks are deleted, except
	 * on the pupil-days in {@code unreadable} (the MIS has a record there that could not
	 * be used: the stored mark stays until it can be).
	 */
	public Applied apply(String school, List<Mark> marks, LocalDate completeFrom, Set<String> unreadable,
			String reason) {
		return apply(school, marks, completeFrom, unreadable, Set.of(), reason);
	}

	/**
	 * As {@link #apply(String, List, LocalDate, Set, String)}; a full read leaves the
	 * marks of the pupils in {@code offRoll} alone: the MIS stops showing a pupil's
	 * register when the pupil leaves (or is deleted, perhaps by mistake), and their
	 * history must stay.
	 */
	public Applied apply(String school, List<Mark> marks, LocalDate completeFrom, Set<String> unreadable,
			Set<String> offRoll, String reason) {
		LocalDate from = completeFrom;
		LocalDate to = null;
		for (Mark mark : marks) {
			from = (from == null || mark.date().isBefore(from)) ? mark.date() : from;
			to = (to == null || mark.date().isAfter(to)) ? mark.date() : to;
		}
		Map<String, String> stored = new HashMap<>();
		if (from != null) {
			MapSqlParameterSource range = new MapSqlParameterSource().addValue("school", school)
				.addValue("from", from)
				.addValue("to", (to == null || completeFrom != null) ? LocalDate.of(9999, 12, 31) : to);
			this.jdbc.query("select pupil_id, mark_date, session, code from mark where school_id = :school "
					+ "and mark_date between :from and :to", range, (RowCallbackHandler) (rs) -> {
						stored.put(key(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3)),
								rs.getString(4));
					});
		}
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		List<Mark> inserts = new ArrayList<>();
		List<Mark> corrections = new ArrayList<>();
		List<SqlParameterSource> updates = new ArrayList<>();
		List<SqlParameterSource> history = new ArrayList<>();
		Set<String> changed = new HashSet<>();
		Set<String> seen = new HashSet<>();
		int unchanged = 0;
		for (Mark mark : marks) {
			String key = key(mark.pupilId(), mark.date(), mark.session().name());
			if (!seen.add(key)) {
				continue;
			}
			String old = stored.get(key);
			if (mark.code().symbol().equals(old)) {
				unchanged++;
				continue;
			}
			if (old == null) {
				inserts.add(mark);
			}
			else {
				corrections.add(mark);
				updates.add(row(school, mark, now));
				history.add(history(school, mark.pupilId(), mark.date(), mark.session().name(), old,
						mark.code().symbol(), mark.sourceSystem(), "corrected in the MIS", now));
			}
			changed.add(mark.pupilId());
		}
		List<SqlParameterSource> deletes = new ArrayList<>();
		if (completeFrom != null) {
			for (Map.Entry<String, String> entry : stored.entrySet()) {
				String[] parts = entry.getKey().split("\\|");
				if (!seen.contains(entry.getKey()) && !unreadable.contains(pupilDay(parts[0], parts[1]))
						&& !offRoll.contains(parts[0])) {
					LocalDate date = LocalDate.parse(parts[1]);
					deletes.add(new MapSqlParameterSource().addValue("school", school)
						.addValue("pupil", parts[0])
						.addValue("date", date)
						.addValue("session", parts[2]));
					history.add(history(school, parts[0], date, parts[2], entry.getValue(), null, null, reason, now));
					changed.add(parts[0]);
				}
			}
		}
		insert(school, inserts, now);
		this.jdbc.batchUpdate("update mark set code = :code, minutes_late = :late, source_system = :source, "
				+ "source_mark_id = :sourceId, source_modified_at = :modified, recorded_at = :now "
				+ "where school_id = :school and pupil_id = :pupil and mark_date = :date and session = :session",
				updates.toArray(SqlParameterSource[]::new));
		this.jdbc.batchUpdate("delete from mark where school_id = :school and pupil_id = :pupil "
				+ "and mark_date = :date and session = :session", deletes.toArray(SqlParameterSource[]::new));
		this.jdbc.batchUpdate("insert into mark_history (school_id, pupil_id, mark_date, session, old_code, "
				+ "new_code, source_system, reason, changed_at) values (:school, :pupil, :date, :session, :old, :new, "
				+ ":source, :reason, :now)", history.toArray(SqlParameterSource[]::new));
		if (!changed.isEmpty()) {
			registerChanged(school, inserts, corrections, !deletes.isEmpty());
		}
		return new Applied(inserts.size(), updates.size(), deletes.size(), unchanged, changed);
	}

	/**
	 * Raises the school's register version (every change to its marks does, on every
	 * node) and carries the register kept in memory forward by the new and corrected
	 * marks; after a deletion it is read again instead.
	 */
	private void registerChanged(String school, List<Mark> inserts, List<Mark> corrections, boolean deleted) {
		Map<String, String> p = Map.of("school", school);
		if (this.jdbc.update("update school set register_version = register_version + 1 where id = :school", p) == 0) {
			return;
		}
		if (!deleted) {
			List<Mark> stored = new ArrayList<>(inserts);
			stored.addAll(corrections);
			this.kept.carryForward(school, version(school), stored);
		}
	}

	/** The school's register version, or null for a school not stored. */
	private Long version(String school) {
		List<Long> found = this.jdbc.queryForList("select register_version from school where id = :school",
				Map.of("school", school), Long.class);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * New marks, many rows to a statement: a school's first poll brings a term of marks,
	 * and one statement per row spends most of its time on round trips and parameter
	 * binding. 500 rows keep within every database's limit on parameters.
	 */
	private void insert(String school, List<Mark> marks, OffsetDateTime now) {
		for (int from = 0; from < marks.size(); from += ROWS_PER_INSERT) {
			List<Mark> rows = marks.subList(from, Math.min(marks.size(), from + ROWS_PER_INSERT));
			StringBuilder sql = new StringBuilder("insert into mark (school_id, pupil_id, mark_date, session, code, "
					+ "minutes_late, source_system, source_mark_id, source_modified_at, recorded_at) values ");
			for (int i = 0; i < rows.size(); i++) {
				sql.append((i == 0) ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
			}
			this.jdbc.getJdbcOperations().update(sql.toString(), (statement) -> {
				int p = 1;
				for (Mark mark : rows) {
					statement.setString(p++, school);
					statement.setString(p++, mark.pupilId());
					statement.setObject(p++, mark.date());
					statement.setString(p++, mark.session().name());
					statement.setString(p++, mark.code().symbol());
					if (mark.minutesLate() == null) {
						statement.setNull(p++, Types.INTEGER);
					}
					else {
						statement.setInt(p++, mark.minutesLate());
					}
					statement.setString(p++, mark.sourceSystem());
					statement.setString(p++, mark.sourceMarkId());
					Instant modified = mark.sourceLastModified();
					if (modified == null) {
						statement.setNull(p++, Types.TIMESTAMP_WITH_TIMEZONE);
					}
					else {
						statement.setObject(p++, OffsetDateTime.ofInstant(modified, ZoneOffset.UTC));
					}
					statement.setObject(p++, now);
				}
			});
		}
	}

	private static MapSqlParameterSource row(String school, Mark mark, OffsetDateTime now) {
		Instant modified = mark.sourceLastModified();
		return new MapSqlParameterSource().addValue("school", school)
			.addValue("pupil", mark.pupilId())
			.addValue("date", mark.date())
			.addValue("session", mark.session().name())
			.addValue("code", mark.code().symbol())
			.addValue("late", mark.minutesLate())
			.addValue("source", mark.sourceSystem())
			.addValue("sourceId", mark.sourceMarkId())
			.addValue("modified", (modified == null) ? null : OffsetDateTime.ofInstant(modified, ZoneOffset.UTC))
			.addValue("now", now);
	}

	private static MapSqlParameterSource history(String school, String pupil, LocalDate date, String session,
			String old, String now, String source, String reason, OffsetDateTime at) {
		return new MapSqlParameterSource().addValue("school", school)
			.addValue("pupil", pupil)
			.addValue("date", date)
			.addValue("session", session)
			.addValue("old", old)
			.addValue("new", now)
			.addValue("source", source)
			.addValue("reason", reason)
			.addValue("now", at);
	}

	/**
	 * The school's register from a day on: its school days and each pupil's marks. It is
	 * shared with other readers: nobody may change it.
	 */
	public Register register(String school, LocalDate from) {
		Long version = version(school);
		Register found = (version == null) ? null : this.kept.find(school, from, version);
		if (found == null) {
			found = read(school, from);
			if (version != null) {
				this.kept.keep(school, new RegisterCache.Kept(version, from, found));
			}
		}
		return found;
	}

	private Register read(String school, LocalDate from) {
		record Row(String pupil, LocalDate date, Session session, String code) {
		}
		List<Row> rows = this.jdbc.query(
				"select pupil_id, mark_date, session, code from mark where school_id = :school and mark_date >= :from",
				Map.of("school", school, "from", from), (rs, n) -> new Row(rs.getString(1),
						rs.getObject(2, LocalDate.class), Session.valueOf(rs.getString(3)), rs.getString(4)));
		TreeSet<LocalDate> days = new TreeSet<>();
		rows.forEach((r) -> days.add(r.date()));
		SchoolCalendar calendar = SchoolCalendar.of(days);
		Map<String, PupilRegister> registers = new HashMap<>();
		for (Row r : rows) {
			registers.computeIfAbsent(r.pupil(), (p) -> new PupilRegister(calendar.size()))
				.put(calendar.indexOf(r.date()), r.session(), DfeCode.of(r.code(), r.date()));
		}
		return new Register(calendar, Collections.unmodifiableMap(registers));
	}

	/**
	 * The history of a pupil's register: every replaced or deleted mark, oldest first.
	 */
	public List<Map<String, Object>> history(String school, String pupil) {
		return this.jdbc.queryForList(
				"select mark_date, session, old_code, new_code, source_system, reason, "
						+ "changed_at from mark_history where school_id = :school and pupil_id = :pupil order by id",
				Map.of("school", school, "pupil", pupil));
	}

}
