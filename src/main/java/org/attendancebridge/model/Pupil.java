package org.attendancebridge.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pupil in the canonical model. {@code id} is our internal id and the only one that may
 * appear in logs; the UPN and the MIS ids are personal data.
 */
public record Pupil(String id, String upn, String yearGroup, String registrationGroup, Set<PupilFlag> flags,
		String homeLanguage, List<Contact> contacts, Map<String, String> misIds) {

	public Pupil {
		flags = Set.copyOf(flags);
		contacts = List.copyOf(contacts);
		misIds = Map.copyOf(misIds);
	}

	public static Pupil of(String id, String yearGroup, Set<PupilFlag> flags) {
		return new Pupil(id, null, yearGroup, null, flags, "en", List.of(), Map.of());
	}

	public boolean has(PupilFlag flag) {
		return this.flags.contains(flag);
	}

	@Override
	public String toString() {
		return "Pupil[" + this.id + "]";
	}

}
