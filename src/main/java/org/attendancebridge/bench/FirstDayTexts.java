package org.attendancebridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.policy.Condition;
import org.attendancebridge.policy.EventRule;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyLoader;

/**
 * Which rules of a folder's policies text a family on a pupil's first day of absence, and
 * from what time of day: the texts {@code bench burst} times.
 */
final class FirstDayTexts {

	/** One such rule; {@code due} null when it texts as soon as the register shows it. */
	record Rule(String policy, String rule, LocalTime due) {

		@Override
		public String toString() {
			return this.policy + " " + this.rule + ((this.due == null) ? "" : " (due " + this.due + ")");
		}

	}

	private FirstDayTexts() {
	}

	static List<Rule> in(Path policies) {
		List<Rule> rules = new ArrayList<>();
		try (Stream<Path> files = Files.list(policies)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				Policy policy = PolicyLoader.loadFile(file);
				for (EventRule event : policy.events()) {
					if (onFirstDay(event.when())
							&& event.actions().stream().anyMatch((action) -> action.kind() == ActionKind.SMS)) {
						rules.add(new Rule(policy.id(), event.id(), event.due()));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list the policies in " + policies, ex);
		}
		return rules;
	}

	/** Whether the condition holds only on a first day of absence. */
	private static boolean onFirstDay(Condition when) {
		if (when instanceof Condition.FirstDayOfAbsence) {
			return true;
		}
		if (when instanceof Condition.All all) {
			return all.conditions().stream().anyMatch(FirstDayTexts::onFirstDay);
		}
		if (when instanceof Condition.AnyOf any) {
			return !any.conditions().isEmpty() && any.conditions().stream().allMatch(FirstDayTexts::onFirstDay);
		}
		return false;
	}

}
