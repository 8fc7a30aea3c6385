package org.attendancebridge.action.sms;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.attendancebridge.model.Contact;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Who a text about a pupil goes to, read from the store as the MIS last gave it: the
 * first contact, in the MIS's priority order, with parental responsibility who may
 * receive texts ({@link Contact#canBeTexted()}). One text per action, to one contact: a
 * family is not texted twice about one absence.
 */
@Repository
public class SmsRecipients {

	/** The contact to text and the language the family asked for. */
	public record Recipient(Contact contact, String language) {
	}

	private final NamedParameterJdbcTemplate jdbc;

	public SmsRecipients(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<Recipient> of(String school, String pupil) {
		Map<String, String> key = Map.of("school", school, "pupil", pupil);
		List<Contact> contacts = this.jdbc.query(
				"select contact_id, priority, phone, email, language, parental_responsibility, may_sms from contact "
						+ "where school_id = :school and pupil_id = :pupil order by priority, contact_id",
				key,
				(rs, n) -> new Contact(rs.getString("contact_id"), rs.getInt("priority"), rs.getString("phone"),
						rs.getString("email"), rs.getString("language"), rs.getBoolean("parental_responsibility"),
						rs.getBoolean("may_sms")));
		List<String> home = this.jdbc.queryForList(
				"select home_language from pupil where school_id = :school and pupil_id = :pupil", key, String.class);
		return contacts.stream().filter(Contact::canBeTexted).findFirst().map((contact) -> {
			// The contact's own language first, then the pupil's home language.
			String language = (contact.language() != null && !contact.language().isBlank()) ? contact.language()
					: home.stream().findFirst().orElse("en");
			return new Recipient(contact, language);
		});
	}

	/** Pupils on roll (not left), for the mass-text breaker. */
	public int roll(String school) {
		Integer count = this.jdbc.queryForObject(
				"select count(*) from pupil where school_id = :school and left_on is null", Map.of("school", school),
				Integer.class);
		return (count == null) ? 0 : count;
	}

}
