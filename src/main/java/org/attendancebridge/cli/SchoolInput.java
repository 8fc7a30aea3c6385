package org.attendancebridge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attendancebridge.evaluator.TaskCompletions;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.PolicyException;
import org.attendancebridge.policy.PolicyLoader;

/**
 * What {@code evaluate} and {@code simulate} read: the policy, the pupils sorted by id,
 * their registers over the school days that carry a mark, and (with {@code --tasks}) the
 * tasks completed.
 */
record SchoolInput(Policy policy, List<Pupil> pupils, SchoolCalendar calendar, PupilRegister[] registers, int marks,
		TaskCompletions tasks) {

	static SchoolInput read(Args args) {
		Policy policy = policy(existing(args, "policy"));
		Map<String, Pupil> byId = PupilsCsv.read(existing(args, "pupils"));
		List<Pupil> pupils = new ArrayList<>(byId.values());
		pupils.sort(Comparator.comparing(Pupil::id));
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < pupils.size(); i++) {
			index.put(pupils.get(i).id(), i);
		}
		MarksCsv.Registers registers = MarksCsv.read(existing(args, "marks"), index, policy.settings().yearStart());
		TaskCompletions tasks = TaskCompletions.NONE;
		if (args.has("tasks")) {
			Set<String> rules = new HashSet<>();
			policy.levels().forEach((level) -> rules.add(level.id()));
			policy.events().forEach((event) -> rules.add(event.id()));
			tasks = TasksCsv.read(existing(args, "tasks"), byId.keySet(), rules);
		}
		return new SchoolInput(policy, pupils, registers.calendar(), registers.registers(), registers.marks(), tasks);
	}

	static Policy policy(Path file) {
		try {
			return PolicyLoader.loadFile(file);
		}
		catch (PolicyException ex) {
			throw new InputException(ex.getMessage());
		}
	}

	private static Path existing(Args args, String option) {
		Path path = Path.of(args.required(option));
		if (!Files.isRegularFile(path)) {
			throw new InputException(path + ": no such file (--" + option + ")");
		}
		return path;
	}

}
