package org.attendancebridge.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A school's graduated response as loaded from {@code policies/<id>.yaml}: a ladder of
 * levels (lowest first), events, and settings. Immutable and validated.
 */
public record Policy(String id, String name, String seed, int version, Path source, PolicySettings settings,
		List<LevelRule> levels, List<EventRule> events, Toolkit toolkit) {

	public Policy {
		levels = List.copyOf(levels);
		events = List.copyOf(events);
	}

	public Optional<LevelRule> level(String levelId) {
		return this.levels.stream().filter((level) -> level.id().equals(levelId)).findFirst();
	}

	/** The rank of a level in the ladder, lowest 0, or -1. */
	public int rankOf(String levelId) {
		for (int i = 0; i < this.levels.size(); i++) {
			if (this.levels.get(i).id().equals(levelId)) {
				return i;
			}
		}
		return -1;
	}

}
