package org.attendancebridge.connector.arbor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.model.StaffRole;
import org.attendancebridge.policy.Recipients;

/**
 * Builds staff roles from Arbor's staff: the business role's code is the role, the work
 * email is where alerts go, and {@code responsibleFor} the year group (head of year) or
 * registration form (tutor) they look after. Names are never read. Staff in a role no
 * policy can address are left out.
 */
final class ArborStaff {

	static final String PATH = "staff";

	static final String LIST_KEY = "staff";

	private ArborStaff() {
	}

	/** Our id for an Arbor member of staff. */
	static String staffId(long id) {
		return "arbor-staff-" + id;
	}

	static List<StaffRole> build(List<JsonNode> staff) {
		List<StaffRole> roles = new ArrayList<>();
		for (JsonNode member : staff) {
			String role = member.path("businessRole").path("code").asText("").trim().toLowerCase(Locale.ROOT);
			if (!Recipients.STAFF_ROLES.contains(role)) {
				continue;
			}
			String covers = text(member.path("responsibleFor"));
			if (StaffRole.HEAD_OF_YEAR.equals(role)) {
				covers = ArborPupils.yearGroup(covers);
			}
			else if (!StaffRole.TUTOR.equals(role)) {
				covers = null;
			}
			roles.add(new StaffRole(role, staffId(ArborClient.idOf(member)), text(member.path("workEmail")), covers));
		}
		return roles;
	}

	private static String text(JsonNode node) {
		if (node.isNull() || node.isMissingNode() || node.asText().isBlank()) {
			return null;
		}
		return node.asText().trim();
	}

}
