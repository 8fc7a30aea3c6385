package org.attendancebridge.action.referral;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.attendancebridge.store.ActionLog;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Referral packs for the local authority (table {@code referral}), one per outbox action:
 * the unique outbox id means a retried delivery finds the pack it already made instead of
 * making another. Packs not yet sent are the school's referral tray, for the attendance
 * officer to send on; marking one sent keeps who and when with it and appends it to the
 * school's action log chain in the same transaction.
 */
@Repository
public class ReferralStore {

	/** The state the action log records for a referral sent to the local authority. */
	public static final String SENT_TO_LA = "SENT_TO_LA";

	/**
	 * A referral as the tray lists it (without its PDF).
	 *
	 * @param state {@code sent} once someone marked it sent to the local authority,
	 * {@code unsent} until then
	 */
	public record ReferralRow(long id, long actionId, String school, String pupilId, String rule, String template,
			Instant createdAt, Instant sentAt, String sentBy, String state) {

		public boolean sent() {
			return this.sentAt != null;
		}

	}

	/** A pack to keep for an outbox action. */
	public record NewReferral(long actionId, String school, String pupilId, String rule, String template, byte[] pdf) {
	}

	private static final String COLUMNS = "select id, outbox_id, school_id, pupil_id, rule_id, template, created_at, "
			+ "sent_at, sent_by from referral ";

	private final NamedParameterJdbcTemplate jdbc;

	private final ActionLog actionLog;

	private final TransactionTemplate tx;

	public ReferralStore(NamedParameterJdbcTemplate jdbc, ActionLog actionLog,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.actionLog = actionLog;
		this.tx = new TransactionTemplate(transactions);
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
	 * none), or of one ({@code school}, null for any), sent or not ({@code sent}, null
	 * for both), newest first.
	 */
	public List<ReferralRow> list(Collection<String> schools, String school, Boolean sent) {
		if (schools != null && schools.isEmpty()) {
			return List.of();
		}
		String where = "where 1 = 1" + ((schools == null) ? "" : " and school_id in (:schools)")
				+ ((school == null) ? "" : " and school_id = :school")
				+ ((sent == null) ? "" : sent ? " and sent_at is not null" : " and sent_at is null");
		return this.jdbc.query(COLUMNS + where + " order by id desc",
				new MapSqlParameterSource().addValue("schools", schools).addValue("school", school),
				ReferralStore::row);
	}

	/** One referral, without its PDF. */
	public Optional<ReferralRow> get(long referralId) {
		return this.jdbc.query(COLUMNS + "where id = :id", Map.of("id", referralId), ReferralStore::row)
			.stream()
			.findFirst();
	}

	/**
	 * Marks an unsent referral sent to the local authority, by whom and when, and appends
	 * that to the school's action log chain, both in one transaction.
	 * @return the referral as it now stands, or empty if it was already sent (or unknown)
	 */
	public Optional<ReferralRow> markSent(long referralId, String by, Instant at) {
		OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
		return this.tx.execute((status) -> {
			int changed = this.jdbc.update(
					"update referral set sent_at = :at, sent_by = :by where id = :id and sent_at is null",
					new MapSqlParameterSource().addValue("id", referralId).addValue("by", by).addValue("at", when));
			if (changed != 1) {
				return Optional.<ReferralRow>empty();
			}
			ReferralRow referral = get(referralId).orElseThrow();
			this.actionLog.append(referral.actionId(), by, SENT_TO_LA, "referral " + referralId + " (" + referral.rule()
					+ ", " + referral.template() + ") sent to the local authority by " + by, when);
			return Optional.of(referral);
		});
	}

	private static ReferralRow row(ResultSet rs, int n) throws SQLException {
		Instant sentAt = Optional.ofNullable(rs.getObject("sent_at", OffsetDateTime.class))
			.map(OffsetDateTime::toInstant)
			.orElse(null);
		return new ReferralRow(rs.getLong("id"), rs.getLong("outbox_id"), rs.getString("school_id"),
				rs.getString("pupil_id"), rs.getString("rule_id"), rs.getString("template"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(), sentAt, rs.getString("sent_by"),
				(sentAt == null) ? "unsent" : "sent");
	}

	/** Every referral about one pupil, newest first. */
	public List<ReferralRow> forPupil(String school, String pupilId) {
		return this.list(List.of(school), school, null)
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
