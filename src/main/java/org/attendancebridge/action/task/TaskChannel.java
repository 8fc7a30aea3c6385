package org.attendancebridge.action.task;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.attendancebridge.action.ActionText;
import org.attendancebridge.action.PlannedAction;
import org.attendancebridge.action.dispatch.Channel;
import org.attendancebridge.action.dispatch.Delivery;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.model.StaffRole;
import org.attendancebridge.policy.TemplateCatalog;
import org.attendancebridge.store.PupilLookup;
import org.attendancebridge.store.PupilLookup.PupilCard;
import org.attendancebridge.store.StaffRoleStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Tasks ({@code task}: a welfare call, a home visit, a meeting, a panel, a review): the
 * action becomes a tracked task in our own database ({@link TaskStore}), owned by the
 * role the policy names and, when anyone holds that role for the pupil's year and group
 * ({@link StaffRoleStore#find}), by those members of staff; due on the day the policy set
 * (its {@code dueInSchoolDays} after the rule fired, or that day). Nobody holding the
 * role does not stop the task: the role alone owns it, and whoever takes the role finds
 * it open. Everything happens in our own database, so a retry or a reconciliation finds
 * the task already made and nothing is ever in doubt.
 */
@Component
public class TaskChannel implements Channel {

	private static final Logger log = LoggerFactory.getLogger(TaskChannel.class);

	private final TemplateCatalog templates;

	private final TaskStore tasks;

	private final StaffRoleStore roles;

	private final PupilLookup pupils;

	private final Clock clock;

	@Autowired
	public TaskChannel(@Value("${attendance-bridge.policies-dir}") Path policies, TaskStore tasks, StaffRoleStore roles,
			PupilLookup pupils, Clock clock) {
		this(TemplateCatalog.load(policies.resolve("templates")), tasks, roles, pupils, clock);
	}

	TaskChannel(TemplateCatalog templates, TaskStore tasks, StaffRoleStore roles, PupilLookup pupils, Clock clock) {
		this.templates = templates;
		this.tasks = tasks;
		this.roles = roles;
		this.pupils = pupils;
		this.clock = clock;
	}

	@Override
	public Set<String> kinds() {
		return Set.of("task");
	}

	@Override
	public Delivery deliver(OutboxAction action) {
		Optional<Long> made = this.tasks.forAction(action.id());
		if (made.isPresent()) {
			return Delivery.sent(providerId(made.get()), "task already made for this action");
		}
		PlannedAction planned = action.planned();
		Optional<PupilCard> pupil = this.pupils.find(planned.school(), planned.pupilId());
		if (pupil.isEmpty()) {
			return Delivery.failed(planned.school() + ": pupil " + planned.pupilId() + " is not in the store");
		}
		Set<String> staff = new LinkedHashSet<>();
		this.roles.find(planned.school(), planned.recipient(), pupil.get().yearGroup(), pupil.get().registrationGroup())
			.stream()
			.map(StaffRole::staffId)
			.forEach(staff::add);
		LocalDate due = (planned.due() != null) ? planned.due() : planned.decidedOn();
		long id = this.tasks.save(
				new TaskStore.NewTask(action.id(), planned.school(), planned.pupilId(), planned.rule(),
						planned.template(), planned.recipient(), List.copyOf(staff), due, details(planned)),
				this.clock.instant());
		String owner = staff.isEmpty() ? "the role " + planned.recipient() + " (nobody holds it yet)"
				: planned.recipient() + " " + String.join(", ", staff);
		log.info("Task {} ({}) for action {} is open for {} of {}, due {}", id, planned.template(), action.reference(),
				planned.recipient(), planned.school(), due);
		return Delivery.sent(providerId(id), "task " + planned.template() + " for " + owner + ", due " + due);
	}

	@Override
	public Optional<Delivery> find(OutboxAction action) {
		return this.tasks.forAction(action.id())
			.map((id) -> Delivery.sent(providerId(id), "task found for this action"));
	}

	/** What to do and why: the template, the copies, the rule's explanation. */
	private String details(PlannedAction planned) {
		String copies = planned.copyTo().isEmpty() ? "" : "\nCopy to: " + String.join(", ", planned.copyTo()) + ".";
		return ActionText.of(this.templates, planned, "Task: " + planned.template() + ".") + copies;
	}

	private static String providerId(long id) {
		return "task-" + id;
	}

}
