package org.attendancebridge.action.referral;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Referral packs for the local authority (table {@code referral}), one per outbox action:
 * the unique outbox id means a retried delivery finds the pack it already made instead of
 * making another. Packs not yet sent are the school's referral tray, for the attendance
 * officer to send on.
 */
@Repository
public class ReferralStore {

	/** A referral as the tray lists it (without its PDF). */
	public record ReferralRow(long id, long actionId, String school, String pupilId, String rule, String template,
			Instant createdAt, Instant sentAt) {
	}

	/** A pack to keep for an outbox action. */
	public record NewReferral(long actionId, String school, String pupilId, String rule, String template, byte[] pdf) {
	}

	private final NamedParameterJdbcTemplate jdbc;

	public ReferralStore(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Keeps the pack unless the action already has one; returns the action's referral id.
	 */
	public long save(NewReferral referral, Instant at) {
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("outbox", referral.actionId())
			.addValue("school", referral.school())
			.addValue("pupil", referral.pupilId())
			.addValue("rule", referral.rule())
			.addValue("template", referral.template())
			.addValue("pdf", referral.pdf())
			.addValue("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
		this.jdbc.update("insert into referral (outbox_id, school_id, pupil_id, rule_id, template, pdf, created_at) "
				+ "select :outbox, :school, :pupil, :rule, :template, :pdf, :at where not exists "
				+ "(select 1 from referral where outbox_id = :outbox)", p);
		return forAction(referral.actionId()).orElseThrow();
	}

	/** The referral made for an outbox action, if any. */
	public Optional<Long> forAction(long outboxId) {
		return this.jdbc
			.queryForList("select id from referral where outbox_id = :outbox", Map.of("outbox", outboxId), Long.class)
			.stream()
			.findFirst();
	}

	/**
	 * The referrals of some schools ({@code schools} null for every school, empty for
	 * none), or of one ({@code school}, null for any), newest first.
	 */
	public List<ReferralRow> list(Collection<String> schools, String school) {
		if (schools != null && schools.isEmpty()) {
			return List.of();
		}
		String where = "where 1 = 1" + ((schools == null) ? "" : " and school_id in (:schools)")
				+ ((school == null) ? "" : " and school_id = :school");
		return this.jdbc.query(
				"select id, outbox_id, school_id, pupil_id, rule_id, template, created_at, sent_at from referral "
						+ where + " order by id desc",
				new MapSqlParameterSource().addValue("schools", schools).addValue("school", school),
				(rs, n) -> new ReferralRow(rs.getLong("id"), rs.getLong("outbox_id"), rs.getString("school_id"),
						rs.getString("pupil_id"), rs.getString("rule_id"), rs.getString("template"),
						rs.getObject("created_at", OffsetDateTime.class).toInstant(),
						Optional.ofNullable(rs.getObject("sent_at", OffsetDateTime.class))
							.map(OffsetDateTime::toInstant)
							.orElse(null)));
	}

	/** Every referral about one pupil, newest first. */
	public List<ReferralRow> forPupil(String school, String pupilId) {
		return this.list(List.of(school), school)
			.stream()
			.filter((referral) -> referral.pupilId().equals(pupilId))
			.toList();
	}

	/** The school a referral belongs to, if it exists. */
	public Optional<String> school(long referralId) {
		return this.jdbc
			.queryForList("select school_id from referral where id = :id", Map.of("id", referralId), String.class)
			.stream()
			.findFirst();
	}

	public Optional<byte[]> pdf(long referralId) {
		return this.jdbc
			.query("select pdf from referral where id = :id", Map.of("id", referralId), (rs, n) -> rs.getBytes("pdf"))
			.stream()
			.findFirst();
	}

}
