package org.attendancebridge.connector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attendancebridge.model.StaffRole;

/**
 * A school's staff roles: what its MIS serves, and for every role the MIS does not
 * provide, the connector file's {@code roles:} map. The file never overrides a role the
 * MIS has. A staff id written as an email address is also where that person's alerts go,
 * as is the address the file gives a staff id ({@code {staff: ..., email: ...}}), which
 * also fills in the address of a member of staff the MIS serves without one; a tutor or
 * head of year from the file covers the whole school.
 */
public final class StaffRoles {

	private StaffRoles() {
	}

	/**
	 * @param fromMis the roles the MIS served, null when it serves none
	 */
	public static List<StaffRole> resolve(ConnectorConfig school, List<StaffRole> fromMis) {
		List<StaffRole> roles = new ArrayList<>();
		Set<String> provided = new HashSet<>();
		for (StaffRole role : (fromMis == null) ? List.<StaffRole>of() : fromMis) {
			provided.add(role.role());
			String email = (role.email() != null) ? role.email() : school.staffEmails().get(role.staffId());
			roles.add(new StaffRole(role.role(), role.staffId(), email, role.covers()));
		}
		for (Map.Entry<String, List<String>> entry : school.roles().entrySet()) {
			if (provided.contains(entry.getKey())) {
				continue;
			}
			for (String staffId : entry.getValue()) {
				String email = school.staffEmails().getOrDefault(staffId, staffId.contains("@") ? staffId : null);
				roles.add(new StaffRole(entry.getKey(), staffId, email, null));
			}
		}
		return roles;
	}

}
