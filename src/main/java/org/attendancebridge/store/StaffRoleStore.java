package org.attendancebridge.store;

import java.util.List;
import java.util.Map;

import org.attendancebridge.model.StaffRole;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * A school's staff roles, as last read, and who an alert to a role goes to for a pupil: a
 * tutor by the pupil's registration group, a head of year by their year group, anyone
 * else school-wide. A tutor or head of year covering no group (one from the connector
 * file) stands in for every group.
 */
@Repository
public class StaffRoleStore {

	private static final RowMapper<StaffRole> ROW = (rs, n) -> new StaffRole(rs.getString("role"),
			rs.getString("staff_id"), rs.getString("email"), rs.getString("covers"));

	private final NamedParameterJdbcTemplate jdbc;

	public StaffRoleStore(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Replaces what is known of the school's staff roles with a full read. */
	public void replaceAll(String school, List<StaffRole> roles) {
		this.jdbc.update("delete from staff_role where school_id = :school", Map.of("school", school));
		SqlParameterSource[] rows = roles.stream()
			.map((r) -> new MapSqlParameterSource().addValue("school", school)
				.addValue("role", r.role())
				.addValue("staff", r.staffId())
				.addValue("email", r.email())
				.addValue("covers", r.covers()))
			.toArray(SqlParameterSource[]::new);
		this.jdbc.batchUpdate("insert into staff_role (school_id, role, staff_id, email, covers) "
				+ "values (:school, :role, :staff, :email, :covers)", rows);
	}

	/**
	 * The staff to alert in {@code role} about a pupil of this year and registration
	 * group, in staff id order; empty when nobody holds it.
	 */
	public List<StaffRole> find(String school, String role, String yearGroup, String registrationGroup) {
		String group = switch (role) {
			case StaffRole.TUTOR -> registrationGroup;
			case StaffRole.HEAD_OF_YEAR -> yearGroup;
			default -> null;
		};
		String sql = "select role, staff_id, email, covers from staff_role where school_id = :school and role = :role";
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("school", school).addValue("role", role);
		if (StaffRole.TUTOR.equals(role) || StaffRole.HEAD_OF_YEAR.equals(role)) {
			sql += " and (covers = :group or covers is null)";
			params.addValue("group", group);
		}
		return this.jdbc.query(sql + " order by staff_id", params, ROW);
	}

	/** Every role the school has, for checks and the operator. */
	public List<StaffRole> all(String school) {
		return this.jdbc.query(
				"select role, staff_id, email, covers from staff_role where school_id = :school order by role, staff_id",
				Map.of("school", school), ROW);
	}

}
