package org.attendancebridge.evaluator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.attendancebridge.model.AttendanceStats;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.policy.Toolkit;

/**
 * Seed 003's toolkit over a school's replayed tracks, whatever the ladder: a RAG rating
 * per pupil, the "Red 10" (the lowest attenders of each year group), cohort flags and
 * perfect weeks. Percentages stay quiet, as the bands do, until a pupil has had the
 * policy's minimum of possible sessions: one absence in week one is already 10%.
 */
public final class ToolkitReport {

	/** Green, amber or red against the toolkit's thresholds. */
	public enum Rag {

		GREEN, AMBER, RED

	}

	/** Cohort flags reported per pupil. */
	public enum Flag {

		/** Persistent absence: missing 10% or more of possible sessions. */
		PA,
		/** Severe absence: missing 50% or more. */
		SA,
		/** Not yet persistently absent, but at or below the at-risk threshold. */
		AT_RISK_PA,
		/**
		 * A disadvantaged (pupil premium) or vulnerable pupil who is no longer green: the
		 * seed's "at risk of disengagement".
		 */
		DISENGAGEMENT_RISK

	}

	/** One pupil's toolkit figures; {@code rag} is null until enough sessions. */
	public record Entry(Rag rag, boolean red10, Set<Flag> flags, int perfectWeeks) {
	}

	private final Map<String, Entry> entries = new HashMap<>();

	private final Map<String, List<String>> red10;

	private ToolkitReport(Map<String, List<String>> red10) {
		this.red10 = red10;
	}

	public static ToolkitReport of(Policy policy, List<PupilTrack> tracks) {
		Toolkit toolkit = policy.toolkit();
		int minimum = policy.settings().minimumPossibleSessions();
		Map<String, List<String>> red10 = red10(tracks, toolkit, minimum);
		Set<String> inRed10 = new HashSet<>();
		red10.values().forEach(inRed10::addAll);
		ToolkitReport report = new ToolkitReport(red10);
		for (PupilTrack track : tracks) {
			String id = track.pupil().id();
			report.entries.put(id, entry(track, toolkit, minimum, inRed10.contains(id)));
		}
		return report;
	}

	public Entry get(String pupilId) {
		return this.entries.get(pupilId);
	}

	/**
	 * The Red 10 of each year group (keyed by year group, "" for none), lowest attender
	 * first.
	 */
	public Map<String, List<String>> red10ByYearGroup() {
		return this.red10;
	}

	/** The rating of a year-to-date attendance against the toolkit's thresholds. */
	public static Rag rag(Toolkit toolkit, double pct) {
		return (pct >= toolkit.greenAtLeast()) ? Rag.GREEN : (pct <= toolkit.redAtMost()) ? Rag.RED : Rag.AMBER;
	}

	private static Entry entry(PupilTrack track, Toolkit toolkit, int minimum, boolean inRed10) {
		Set<Flag> flags = EnumSet.noneOf(Flag.class);
		if (track.possibleSessions() < minimum || track.possibleSessions() == 0) {
			return new Entry(null, false, flags, track.perfectWeeks());
		}
		double pct = track.attendancePct();
		Rag rag = rag(toolkit, pct);
		AttendanceStats stats = track.stats();
		if (stats.persistentlyAbsent()) {
			flags.add(Flag.PA);
		}
		else if (pct <= toolkit.atRiskOfPaAtMost()) {
			flags.add(Flag.AT_RISK_PA);
		}
		if (stats.severelyAbsent()) {
			flags.add(Flag.SA);
		}
		boolean disadvantaged = track.pupil().has(PupilFlag.PUPIL_PREMIUM) || track.pupil().has(PupilFlag.VULNERABLE);
		if (disadvantaged && rag != Rag.GREEN) {
			flags.add(Flag.DISENGAGEMENT_RISK);
		}
		return new Entry(rag, inRed10, flags, track.perfectWeeks());
	}

	/**
	 * The lowest attenders of each year group among pupils with enough sessions who are
	 * not green (a year group with few concerns has a shorter list); ties go to the pupil
	 * with more sessions missed, then by id, so the list is stable.
	 */
	private static Map<String, List<String>> red10(List<PupilTrack> tracks, Toolkit toolkit, int minimum) {
		Map<String, List<PupilTrack>> byYear = new HashMap<>();
		for (PupilTrack track : tracks) {
			if (track.possibleSessions() >= Math.max(1, minimum) && track.attendancePct() < toolkit.greenAtLeast()) {
				String year = (track.pupil().yearGroup() == null) ? "" : track.pupil().yearGroup();
				byYear.computeIfAbsent(year, (y) -> new ArrayList<>()).add(track);
			}
		}
		Comparator<PupilTrack> lowestFirst = Comparator.comparingDouble(PupilTrack::attendancePct)
			.thenComparing((PupilTrack t) -> -t.stats().absent())
			.thenComparing((PupilTrack t) -> t.pupil().id());
		Map<String, List<String>> red10 = new HashMap<>();
		byYear.forEach((year, pupils) -> red10.put(year,
				pupils.stream().sorted(lowestFirst).limit(toolkit.red10Size()).map((t) -> t.pupil().id()).toList()));
		return Map.copyOf(red10);
	}

}
