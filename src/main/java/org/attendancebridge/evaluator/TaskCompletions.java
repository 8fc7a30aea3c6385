package org.attendancebridge.evaluator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The days on which tasks the policy asked for (a meeting, a visit) were completed, per
 * pupil and rule: an input to the replay, like the marks, for levels whose monitoring
 * period starts when their task is completed. A completion counts for the level the pupil
 * entered on or before it.
 */
public final class TaskCompletions {

	/** No task completed: every such review waits the longest the policy lets it. */
	public static final TaskCompletions NONE = new TaskCompletions(List.of());

	/**
	 * One completed task. {@code template} may be null when the source does not say which
	 * of the rule's tasks it was: it then counts for the one the level waits for.
	 */
	public record Completion(String pupilId, String rule, String template, LocalDate completedOn) {
	}

	private final Map<String, List<Completion>> byPupil = new HashMap<>();

	private TaskCompletions(Collection<Completion> completions) {
		for (Completion completion : completions) {
			this.byPupil.computeIfAbsent(completion.pupilId(), (id) -> new ArrayList<>()).add(completion);
		}
	}

	public static TaskCompletions of(Collection<Completion> completions) {
		return completions.isEmpty() ? NONE : new TaskCompletions(completions);
	}

	public boolean isEmpty() {
		return this.byPupil.isEmpty();
	}

	/**
	 * The days a pupil completed the task {@code template} of {@code rule}, any order.
	 */
	List<LocalDate> dates(String pupilId, String rule, String template) {
		List<Completion> completions = this.byPupil.get(pupilId);
		if (completions == null) {
			return List.of();
		}
		List<LocalDate> dates = new ArrayList<>();
		for (Completion completion : completions) {
			if (completion.rule().equals(rule)
					&& (completion.template() == null || completion.template().equals(template))) {
				dates.add(completion.completedOn());
			}
		}
		return dates;
	}

}
