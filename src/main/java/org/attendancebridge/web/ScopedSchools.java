package org.attendancebridge.web;

import java.util.List;

import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.web.security.SchoolScope;
import org.attendancebridge.web.security.SecurityEvents;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The schools a request's user may see. A school outside the user's scope is answered as
 * unknown (404), never with its data, and the attempt is logged.
 */
@Component
public class ScopedSchools {

	private final SchoolReads reads;

	public ScopedSchools(SchoolReads reads) {
		this.reads = reads;
	}

	public List<SchoolRow> visible(Authentication user) {
		SchoolScope scope = SchoolScope.of(user);
		return this.reads.schools().stream().filter((school) -> scope.allows(school.id())).toList();
	}

	/** The school, if it exists and the user may see it; otherwise a 404. */
	public SchoolRow require(Authentication user, String id) {
		SchoolScope scope = SchoolScope.of(user);
		SchoolRow school = this.reads.school(id).orElseThrow(() -> new SchoolNotFoundException(id));
		if (!scope.allows(id)) {
			SecurityEvents.outOfScope(scope, id);
			throw new SchoolNotFoundException(id);
		}
		return school;
	}

	/**
	 * Checks that a record (a task, a referral) belonging to {@code school} is the user's
	 * to see; otherwise a 404 naming the record, as if it did not exist.
	 */
	public void requireRecord(Authentication user, String school, String record) {
		SchoolScope scope = SchoolScope.of(user);
		if (!scope.allows(school)) {
			SecurityEvents.outOfScope(scope, school);
			throw new NotFoundException("no " + record);
		}
	}

}
