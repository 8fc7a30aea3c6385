package org.attendancebridge.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The people and bodies an action may go to. Staff roles are resolved per school from the
 * MIS or the connector's role map; {@code parent} means the contacts with parental
 * responsibility, in priority order; {@code mis} is the school's own system.
 */
public final class Recipients {

	public static final Set<String> ALL = new LinkedHashSet<>(
			List.of("parent", "pupil", "tutor", "class-teacher", "head-of-year", "head-of-house", "assistant-principal",
					"senco", "dsl", "pp-coordinator", "attendance-officer", "attendance-champion", "key-worker",
					"family-support-worker", "social-worker", "ewo", "governors-panel", "local-authority", "mis"));

	/** The recipients that are members of staff: a connector may map them to people. */
	public static final Set<String> STAFF_ROLES = staffRoles();

	private Recipients() {
	}

	private static Set<String> staffRoles() {
		Set<String> roles = new LinkedHashSet<>(ALL);
		roles.removeAll(Set.of("parent", "pupil", "local-authority", "mis"));
		return roles;
	}

}
