package org.attendancebridge.web;

import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.OutboxStore.ActionRow;
import org.attendancebridge.web.security.SchoolScope;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox's actions, newest first: a JSON array, one page of it, with the total in
 * {@code X-Total-Count}.
 */
@RestController
@RequestMapping("/api/actions")
@Tag(name = "actions")
public class ActionsApi {

	static final Set<String> STATES = Set.of("PROPOSED", "PENDING", "SENDING", "SENT", "RETRYABLE", "IN_DOUBT",
			"FAILED");

	static final int MAX_SIZE = 500;

	private final ScopedSchools schools;

	private final OutboxStore outbox;

	public ActionsApi(ScopedSchools schools, OutboxStore outbox) {
		this.schools = schools;
		this.outbox = outbox;
	}

	@GetMapping
	@Operation(summary = "Actions of the user's schools, or of one, newest first")
	public ResponseEntity<List<ActionRow>> actions(Authentication user,
			@Parameter(description = "a school id") @RequestParam(required = false) String school,
			@Parameter(description = "PROPOSED, PENDING, SENDING, SENT, RETRYABLE, IN_DOUBT or FAILED") @RequestParam(
					required = false) String state,
			@Parameter(description = "the page, from 0") @RequestParam(defaultValue = "0") int page,
			@Parameter(description = "actions per page, at most 500") @RequestParam(defaultValue = "50") int size) {
		if (school != null) {
			this.schools.require(user, school);
		}
		if (state != null && !STATES.contains(state)) {
			throw new IllegalArgumentException("state: no state '" + state + "' (states: " + STATES + ")");
		}
		if (page < 0 || size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("page must be 0 or more and size 1 to " + MAX_SIZE);
		}
		SchoolScope scope = SchoolScope.of(user);
		OutboxStore.ActionFilter filter = new OutboxStore.ActionFilter(scope.schoolsOrNullForAll(), school, null,
				state);
		List<ActionRow> rows = this.outbox.find(filter, page * size, size);
		return ResponseEntity.ok().header("X-Total-Count", String.valueOf(this.outbox.count(filter))).body(rows);
	}

}
