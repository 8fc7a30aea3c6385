package org.attendancebridge.action.letter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Rendered letters (table {@code letter}), one per outbox action: the unique outbox id
 * means a retried delivery finds the letter it already made instead of making another.
 * Letters with no posting date are the school's post tray.
 */
@Repository
public class LetterStore {

	/** A letter as the post tray lists it (without its PDF). */
	public record LetterRow(long id, long outboxId, String school, String pupilId, String template, Instant createdAt,
			Instant postedAt) {
	}

	private final NamedParameterJdbcTemplate jdbc;

	public LetterStore(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Keeps the letter unless the action already has one; returns the action's letter id.
	 */
	public long save(long outboxId, String school, String pupilId, String template, byte[] pdf, Instant at) {
		MapSqlParameterSource p = new MapSqlParameterSource().addValue("outbox", outboxId)
			.addValue("school", school)
			.addValue("pupil", pupilId)
			.addValue("template", template)
			.addValue("pdf", pdf)
			.addValue("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
		this.jdbc.update("insert into letter (outbox_id, school_id, pupil_id, template, pdf, created_at) "
				+ "select :outbox, :school, :pupil, :template, :pdf, :at where not exists "
				+ "(select 1 from letter where outbox_id = :outbox)", p);
		return forAction(outboxId).orElseThrow();
	}

	/** The letter made for an outbox action, if any. */
	public Optional<Long> forAction(long outboxId) {
		return this.jdbc
			.queryForList("select id from letter where outbox_id = :outbox", Map.of("outbox", outboxId), Long.class)
			.stream()
			.findFirst();
	}

	/** A kept letter with its PDF. */
	public record StoredLetter(long id, long outboxId, String template, byte[] pdf) {
	}

	/** The letter made for the outbox action with this dedupe key, if any. */
	public Optional<StoredLetter> forActionKey(String dedupeKey) {
		return this.jdbc
			.query("select l.id, l.outbox_id, l.template, l.pdf from letter l join outbox o on o.id = l.outbox_id "
					+ "where o.dedupe_key = :key", Map.of("key", dedupeKey),
					(rs, n) -> new StoredLetter(rs.getLong("id"), rs.getLong("outbox_id"), rs.getString("template"),
							rs.getBytes("pdf")))
			.stream()
			.findFirst();
	}

	/** The school's letters waiting to be posted, oldest first. */
	public List<LetterRow> forPosting(String school) {
		return this.jdbc.query(
				"select id, outbox_id, school_id, pupil_id, template, created_at, posted_at from letter "
						+ "where school_id = :school and posted_at is null order by id",
				Map.of("school", school),
				(rs, n) -> new LetterRow(rs.getLong("id"), rs.getLong("outbox_id"), rs.getString("school_id"),
						rs.getString("pupil_id"), rs.getString("template"),
						rs.getObject("created_at", OffsetDateTime.class).toInstant(), null));
	}

	public Optional<byte[]> pdf(long letterId) {
		return this.jdbc
			.query("select pdf from letter where id = :id", Map.of("id", letterId), (rs, n) -> rs.getBytes("pdf"))
			.stream()
			.findFirst();
	}

	/** Takes the letter off the post tray. */
	public boolean posted(long letterId, Instant at) {
		return this.jdbc.update("update letter set posted_at = :at where id = :id and posted_at is null",
				Map.of("id", letterId, "at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))) == 1;
	}

}
