package org.attendancebridge.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What a channel needs to know of one pupil beyond the planned action: the school's name,
 * the year and registration group a letter is addressed by, and the UPN CPOMS files a
 * concern under (sent to CPOMS only, never logged).
 */
@Repository
public class PupilLookup {

	/** One pupil as a channel sees it. */
	public record PupilCard(String schoolName, String upn, String yearGroup, String registrationGroup) {

		@Override
		public String toString() {
			// Without the UPN: cards end up in log lines and exception messages.
			return "PupilCard[year=" + this.yearGroup + ", group=" + this.registrationGroup + "]";
		}

	}

	private final NamedParameterJdbcTemplate jdbc;

	public PupilLookup(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<PupilCard> find(String school, String pupilId) {
		List<PupilCard> found = this.jdbc.query("select s.name, p.upn, p.year_group, p.registration_group from pupil p "
				+ "left join school s on s.id = p.school_id where p.school_id = :school and p.pupil_id = :pupil",
				Map.of("school", school, "pupil", pupilId), (rs, n) -> new PupilCard(rs.getString("name"),
						rs.getString("upn"), rs.getString("year_group"), rs.getString("registration_group")));
		return found.stream().findFirst();
	}

}
