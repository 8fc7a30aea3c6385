package org.attendancebridge.mock.school;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.attendancebridge.model.PupilFlag;

/**
 * A generated pupil. {@code id} is the MIS's own internal id; the UPN, names and contacts
 * are made up but shaped like the real thing, and are never logged.
 */
public record MockPupil(int id, String upn, String forename, String surname, String preferredForename,
		LocalDate dateOfBirth, String gender, String yearGroup, String registrationGroup, Set<PupilFlag> flags,
		String homeLanguage, String senStatus, List<MockContact> contacts, LocalDate admissionDate) {

	public MockPupil {
		flags = Set.copyOf(flags);
		contacts = List.copyOf(contacts);
	}

	public boolean has(PupilFlag flag) {
		return this.flags.contains(flag);
	}

	public String displayName() {
		return this.preferredForename + " " + this.surname;
	}

	@Override
	public String toString() {
		return "MockPupil[" + this.id + "]";
	}

}
