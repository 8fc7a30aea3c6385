package org.attendancebridge.store;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attendancebridge.model.Contact;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * A school's pupils and their contacts, as last read from the MIS. A pupil missing from a
 * full read has left: the row stays (their history must), marked with the day they left;
 * a pupil who comes back is on roll again.
 */
@Repository
public class PupilStore {

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	public PupilStore(NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public boolean hasPupils(String school) {
		Integer count = this.jdbc.queryForObject("select count(*) from pupil where school_id = :school",
				Map.of("school", school), Integer.class);
		return count != null && count > 0;
	}

	/**
	 * Replaces what is known of the school's pupils with a full read.
	 * @param unreadable pupils the MIS listed whose own record could not be read: each
	 * stays as last stored (on roll or not, with its flags and contacts)
	 * @return how many pupils left the roll with this read
	 */
	public int replaceAll(String school, List<Pupil> pupils, Set<String> unreadable, LocalDate today) {
		Set<String> known = new HashSet<>(this.jdbc.queryForList("select pupil_id from pupil where school_id = :school",
				Map.of("school", school), String.class));
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		List<SqlParameterSource> inserts = new ArrayList<>();
		List<SqlParameterSource> updates = new ArrayList<>();
		List<SqlParameterSource> contacts = new ArrayList<>();
		Set<String> read = new HashSet<>(unreadable);
		for (Pupil pupil : pupils) {
			if (unreadable.contains(pupil.id())) {
				// Listed twice, once unreadable: it stays as stored.
				continue;
			}
			read.add(pupil.id());
			MapSqlParameterSource row = new MapSqlParameterSource().addValue("school", school)
				.addValue("pupil", pupil.id())
				.addValue("misId", pupil.misIds().values().stream().findFirst().orElse(null))
				.addValue("upn", pupil.upn())
				.addValue("year", pupil.yearGroup())
				.addValue("form", pupil.registrationGroup())
				.addValue("send", pupil.has(PupilFlag.SEND))
				.addValue("pp", pupil.has(PupilFlag.PUPIL_PREMIUM))
				.addValue("vulnerable", pupil.has(PupilFlag.VULNERABLE))
				.addValue("eal", pupil.has(PupilFlag.EAL))
				.addValue("language", (pupil.homeLanguage() == null) ? "en" : pupil.homeLanguage())
				.addValue("now", now);
			(known.contains(pupil.id()) ? updates : inserts).add(row);
			for (Contact contact : pupil.contacts()) {
				contacts.add(new MapSqlParameterSource().addValue("school", school)
					.addValue("pupil", pupil.id())
					.addValue("contact", contact.id())
					.addValue("priority", contact.priority())
					.addValue("phone", contact.phone())
					.addValue("email", contact.email())
					.addValue("language", contact.language())
					.addValue("pr", contact.parentalResponsibility())
					.addValue("sms", contact.maySms()));
			}
		}
		this.jdbc.batchUpdate("insert into pupil (school_id, pupil_id, mis_id, upn, year_group, registration_group, "
				+ "send, pupil_premium, vulnerable, eal, home_language, left_on, updated_at) values (:school, :pupil, "
				+ ":misId, :upn, :year, :form, :send, :pp, :vulnerable, :eal, :language, null, :now)",
				inserts.toArray(SqlParameterSource[]::new));
		this.jdbc.batchUpdate(
				"update pupil set mis_id = :misId, upn = :upn, year_group = :year, "
						+ "registration_group = :form, send = :send, pupil_premium = :pp, vulnerable = :vulnerable, "
						+ "eal = :eal, home_language = :language, left_on = null, updated_at = :now "
						+ "where school_id = :school and pupil_id = :pupil",
				updates.toArray(SqlParameterSource[]::new));
		this.jdbc.update(
				"delete from contact where school_id = :school"
						+ (unreadable.isEmpty() ? "" : " and pupil_id not in (:unreadable)"),
				Map.of("school", school, "unreadable", unreadable));
		this.jdbc.batchUpdate("insert into contact (school_id, pupil_id, contact_id, priority, phone, email, "
				+ "language, parental_responsibility, may_sms) values (:school, :pupil, :contact, :priority, :phone, "
				+ ":email, :language, :pr, :sms)", contacts.toArray(SqlParameterSource[]::new));
		List<SqlParameterSource> leavers = new ArrayList<>();
		for (String id : known) {
			if (!read.contains(id)) {
				leavers.add(new MapSqlParameterSource().addValue("school", school)
					.addValue("pupil", id)
					.addValue("today", today));
			}
		}
		int[] left = this.jdbc.batchUpdate(
				"update pupil set left_on = :today "
						+ "where school_id = :school and pupil_id = :pupil and left_on is null",
				leavers.toArray(SqlParameterSource[]::new));
		int count = 0;
		for (int n : left) {
			count += Math.max(0, n);
		}
		return count;
	}

	/**
	 * Takes pupils the MIS deleted off the roll: their rows, contacts and marks stay.
	 * @return how many were on roll until now
	 */
	public int markLeft(String school, List<String> pupilIds, LocalDate today) {
		int count = 0;
		for (String id : pupilIds) {
			count += this.jdbc.update(
					"update pupil set left_on = :today "
							+ "where school_id = :school and pupil_id = :pupil and left_on is null",
					new MapSqlParameterSource().addValue("school", school)
						.addValue("pupil", id)
						.addValue("today", today));
		}
		return count;
	}

	/** Puts pupils the MIS deleted and then restored back on roll. */
	public void markReturned(String school, List<String> pupilIds) {
		for (String id : pupilIds) {
			this.jdbc.update("update pupil set left_on = null where school_id = :school and pupil_id = :pupil",
					Map.of("school", school, "pupil", id));
		}
	}

	/** The ids of the school's pupils who have left the roll. */
	public Set<String> offRoll(String school) {
		return new HashSet<>(
				this.jdbc.queryForList("select pupil_id from pupil where school_id = :school and left_on is not null",
						Map.of("school", school), String.class));
	}

	/** The school's pupils (leavers included: their history still counts), by id. */
	public Map<String, Pupil> all(String school) {
		Map<String, List<Contact>> contacts = new HashMap<>();
		this.jdbc.query("select * from contact where school_id = :school order by pupil_id, priority",
				Map.of("school", school), (rs) -> {
					contacts.computeIfAbsent(rs.getString("pupil_id"), (p) -> new ArrayList<>())
						.add(new Contact(rs.getString("contact_id"), rs.getInt("priority"), rs.getString("phone"),
								rs.getString("email"), rs.getString("language"),
								rs.getBoolean("parental_responsibility"), rs.getBoolean("may_sms")));
				});
		Map<String, Pupil> pupils = new LinkedHashMap<>();
		this.jdbc.query("select * from pupil where school_id = :school order by pupil_id", Map.of("school", school),
				(rs) -> {
					Set<PupilFlag> flags = EnumSet.noneOf(PupilFlag.class);
					if (rs.getBoolean("send")) {
						flags.add(PupilFlag.SEND);
					}
					if (rs.getBoolean("pupil_premium")) {
						flags.add(PupilFlag.PUPIL_PREMIUM);
					}
					if (rs.getBoolean("vulnerable")) {
						flags.add(PupilFlag.VULNERABLE);
					}
					if (rs.getBoolean("eal")) {
						flags.add(PupilFlag.EAL);
					}
					String id = rs.getString("pupil_id");
					String misId = rs.getString("mis_id");
					pupils.put(id, new Pupil(id, rs.getString("upn"), rs.getString("year_group"),
							rs.getString("registration_group"), flags, rs.getString("home_language"),
							contacts.getOrDefault(id, List.of()), (misId == null) ? Map.of() : Map.of("mis", misId)));
				});
		return pupils;
	}

}
