package org.attendancebridge.web.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.attendancebridge.action.task.TaskStore;
import org.attendancebridge.action.task.TaskStore.TaskRow;
import org.attendancebridge.action.task.TasksApi;
import org.attendancebridge.web.ConflictException;
import org.attendancebridge.web.NotFoundException;
import org.attendancebridge.web.ScopedSchools;
import org.attendancebridge.web.security.Role;
import org.attendancebridge.web.security.SchoolScope;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Seed 003's action log in the dashboard: the tasks of the user's schools (action, staff,
 * date, details, complete), narrowed by school, owner role, due date and whether they are
 * done, with a Complete button (a form with its CSRF token) that completes a task as the
 * API does. The API's checks are the pages' checks: the same scope, the same refusals.
 */
@Controller
public class TaskPages {

	/** Rows listed at most; the page says how many there are in all. */
	static final int LIMIT = 500;

	/** Schools in England keep their registers, and their due dates, on London time. */
	private static final ZoneId SCHOOL_ZONE = ZoneId.of("Europe/London");

	private final ScopedSchools schools;

	private final TasksApi tasksApi;

	private final TaskStore tasks;

	private final Clock clock;

	public TaskPages(ScopedSchools schools, TasksApi tasksApi, TaskStore tasks, Clock clock) {
		this.schools = schools;
		this.tasksApi = tasksApi;
		this.tasks = tasks;
		this.clock = clock;
	}

	/**
	 * @param state {@code open} (the default), {@code done} or {@code all}
	 * @param dueBy due on or before this day
	 */
	@GetMapping("/tasks")
	public String tasks(Authentication user, @RequestParam(required = false) String school,
			@RequestParam(required = false) String role, @RequestParam(required = false) String dueBy,
			@RequestParam(defaultValue = "open") String state, Model model, HttpServletResponse response) {
		model.addAttribute("user", user.getName());
		model.addAttribute("schools", this.schools.visible(user));
		model.addAttribute("roles", this.tasks.ownerRoles(SchoolScope.of(user).schoolsOrNullForAll()));
		model.addAttribute("school", school);
		model.addAttribute("role", role);
		model.addAttribute("dueBy", dueBy);
		model.addAttribute("state", state);
		model.addAttribute("today", LocalDate.ofInstant(this.clock.instant(), SCHOOL_ZONE));
		model.addAttribute("operator", SchoolScope.hasRole(user, Role.OPERATORS));
		List<TaskRow> rows = List.of();
		long total = 0;
		try {
			TaskStore.TaskFilter filter = this.tasksApi.filter(user, blankToNull(school),
					state.equals("all") ? null : state, blankToNull(role), blankToNull(dueBy));
			rows = this.tasks.find(filter, 0, LIMIT);
			total = this.tasks.count(filter);
		}
		catch (IllegalArgumentException ex) {
			model.addAttribute("problem", ex.getMessage());
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		}
		model.addAttribute("tasks", rows);
		model.addAttribute("total", total);
		return "tasks";
	}

	/**
	 * Completes a task with its outcome, as {@code POST /api/tasks/{id}/complete} does,
	 * and goes back to where the button was: the pupil's page ({@code back=pupil}) or the
	 * task list as it was narrowed.
	 */
	@PostMapping("/tasks/{id}/complete")
	public String complete(Authentication user, @PathVariable long id, @RequestParam(required = false) String outcome,
			@RequestParam(required = false) String back, @RequestParam(required = false) String school,
			@RequestParam(required = false) String role, @RequestParam(required = false) String dueBy,
			@RequestParam(required = false) String state, RedirectAttributes flash) {
		TaskRow task = this.tasks.get(id).orElseThrow(() -> new NotFoundException("no task " + id));
		try {
			TaskRow done = this.tasksApi.complete(user, id, new TasksApi.Completion(outcome));
			flash.addFlashAttribute("done", "Task " + done.id() + " (" + done.template() + " for pupil "
					+ done.pupilId() + ", " + done.school() + ") completed by " + done.completedBy() + ".");
		}
		catch (ConflictException | IllegalArgumentException ex) {
			flash.addFlashAttribute("refused", "Task " + id + " not completed: " + ex.getMessage());
		}
		if ("pupil".equals(back)) {
			return "redirect:" + UriComponentsBuilder.fromPath("/schools/{school}/pupils/{pupil}")
				.buildAndExpand(task.school(), task.pupilId())
				.encode()
				.toUriString();
		}
		UriComponentsBuilder list = UriComponentsBuilder.fromPath("/tasks");
		param(list, "school", school);
		param(list, "role", role);
		param(list, "dueBy", dueBy);
		param(list, "state", state);
		return "redirect:" + list.build().encode().toUriString();
	}

	private static void param(UriComponentsBuilder uri, String name, String value) {
		Optional.ofNullable(blankToNull(value)).ifPresent((v) -> uri.queryParam(name, v));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
