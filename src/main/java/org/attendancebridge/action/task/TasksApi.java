package org.attendancebridge.action.task;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.attendancebridge.action.task.TaskStore.TaskRow;
import org.attendancebridge.policy.Recipients;
import org.attendancebridge.web.ConflictException;
import org.attendancebridge.web.NotFoundException;
import org.attendancebridge.web.ScopedSchools;
import org.attendancebridge.web.security.SchoolScope;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tasks of the user's schools, soonest due first (a JSON array, one page of it, with
 * the total in {@code X-Total-Count}), and their completion: who completed a task, when
 * and with what outcome is kept with the task and appended to the school's action log
 * chain, so it is evidence too.
 */
@RestController
@RequestMapping("/api/tasks")
@Tag(name = "tasks")
public class TasksApi {

	static final int MAX_SIZE = 500;

	static final int MAX_OUTCOME = 2000;

	private final ScopedSchools schools;

	private final TaskStore tasks;

	private final Clock clock;

	public TasksApi(ScopedSchools schools, TaskStore tasks, Clock clock) {
		this.schools = schools;
		this.tasks = tasks;
		this.clock = clock;
	}

	/** What completing a task says: the outcome, in a sentence or two. */
	public record Completion(String outcome) {
	}

	@GetMapping
	@Operation(summary = "Tasks of the user's schools, or of one, soonest due first")
	public ResponseEntity<List<TaskRow>> tasks(Authentication user,
			@Parameter(description = "a school id") @RequestParam(required = false) String school,
			@Parameter(description = "open or done; both when absent") @RequestParam(required = false) String state,
			@Parameter(description = "the owner's role, e.g. tutor or attendance-officer") @RequestParam(
					required = false) String role,
			@Parameter(description = "due on or before this day, YYYY-MM-DD") @RequestParam(
					required = false) String dueBy,
			@Parameter(description = "the page, from 0") @RequestParam(defaultValue = "0") int page,
			@Parameter(description = "tasks per page, at most 500") @RequestParam(defaultValue = "50") int size) {
		if (page < 0 || size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("page must be 0 or more and size 1 to " + MAX_SIZE);
		}
		TaskStore.TaskFilter filter = filter(user, school, state, role, dueBy);
		List<TaskRow> rows = this.tasks.find(filter, page * size, size);
		return ResponseEntity.ok().header("X-Total-Count", String.valueOf(this.tasks.count(filter))).body(rows);
	}

	/**
	 * The tasks a user asks for, among their schools' ({@code null} or blank for any):
	 * each value checked, and named when it is not one the tasks can have.
	 */
	public TaskStore.TaskFilter filter(Authentication user, String school, String state, String role, String dueBy) {
		if (school != null) {
			this.schools.require(user, school);
		}
		if (state != null && !state.equals("open") && !state.equals("done")) {
			throw new IllegalArgumentException("state: no state '" + state + "' (states: open, done)");
		}
		if (role != null && !Recipients.ALL.contains(role)) {
			throw new IllegalArgumentException(
					"role: no role '" + role + "' (roles: " + String.join(", ", Recipients.STAFF_ROLES) + ")");
		}
		LocalDate due = null;
		if (dueBy != null) {
			try {
				due = LocalDate.parse(dueBy);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("dueBy: '" + dueBy + "' is not a date (YYYY-MM-DD)");
			}
		}
		return new TaskStore.TaskFilter(SchoolScope.of(user).schoolsOrNullForAll(), school,
				(state == null) ? null : state.equals("done"), role, due);
	}

	@PostMapping("/{id}/complete")
	@Operation(summary = "Completes an open task with its outcome; a task already completed is a 409")
	public TaskRow complete(Authentication user, @PathVariable long id, @RequestBody Completion completion) {
		TaskRow task = this.tasks.get(id).orElseThrow(() -> new NotFoundException("no task " + id));
		this.schools.requireRecord(user, task.school(), "task " + id);
		String outcome = (completion == null || completion.outcome() == null) ? "" : completion.outcome().strip();
		if (outcome.isEmpty() || outcome.length() > MAX_OUTCOME) {
			throw new IllegalArgumentException("outcome: say what happened, in 1 to " + MAX_OUTCOME + " characters");
		}
		if (task.done()) {
			throw alreadyDone(task);
		}
		return this.tasks.complete(id, user.getName(), outcome, this.clock.instant())
			.orElseThrow(() -> alreadyDone(this.tasks.get(id).orElseThrow()));
	}

	private static ConflictException alreadyDone(TaskRow task) {
		return new ConflictException("task " + task.id() + " was already completed at " + task.completedAt() + " by "
				+ task.completedBy() + "; its outcome stands");
	}

}
