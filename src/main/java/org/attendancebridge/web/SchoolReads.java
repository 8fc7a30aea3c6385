package org.attendancebridge.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

import org.attendancebridge.adapter.PolicyCatalog;
import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.evaluator.Decision;
import org.attendancebridge.evaluator.PupilTrack;
import org.attendancebridge.evaluator.SchoolReplay;
import org.attendancebridge.evaluator.ToolkitReport;
import org.attendancebridge.model.AttendanceStats;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.SchoolCalendar;
import org.attendancebridge.model.Session;
import org.attendancebridge.policy.Condition;
import org.attendancebridge.policy.LevelRule;
import org.attendancebridge.policy.Policy;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.SchoolStore;
import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.store.StoredRoll;

import org.springframework.stereotype.Service;

/**
 * What the API and the dashboard read. Stages are not stored: they are replayed from the
 * school's stored register through its policy up to the injected clock's now, as the poll
 * does (a school's year replays in milliseconds).
 */
@Service
public class SchoolReads {

	private final SchoolStore schools;

	private final StoredRoll roll;

	private final OutboxStore outbox;

	private final ConnectorRegistry connectors;

	private final PolicyCatalog policies;

	private final Clock clock;

	public SchoolReads(SchoolStore schools, StoredRoll roll, OutboxStore outbox, ConnectorRegistry connectors,
			PolicyCatalog policies, Clock clock) {
		this.schools = schools;
		this.roll = roll;
		this.outbox = outbox;
		this.connectors = connectors;
		this.policies = policies;
		this.clock = clock;
	}

	/**
	 * Every school: those stored, and those configured but not yet polled (no pupils, no
	 * marks, never polled).
	 */
	public List<SchoolRow> schools() {
		Map<String, SchoolRow> all = new TreeMap<>();
		for (ConnectorConfig school : this.connectors.all()) {
			all.put(school.id(),
					new SchoolRow(school.id(), school.name(), school.mis().id(), school.policy(), 0, 0, null));
		}
		this.schools.all().forEach((row) -> all.put(row.id(), row));
		return List.copyOf(all.values());
	}

	public Optional<SchoolRow> school(String id) {
		return schools().stream().filter((row) -> row.id().equals(id)).findFirst();
	}

	/** The school's policy's levels, lowest first: the order stages are shown in. */
	public List<String> ladder(SchoolRow school) {
		return policy(school).levels().stream().map(LevelRule::id).toList();
	}

	/** A level's bound on year-to-date attendance, e.g. AC3 below 96. */
	public record Threshold(String level, String comparison, double pct) {
	}

	/**
	 * The year-to-date attendance thresholds the policy's levels name, lowest level first
	 * (the lines drawn across a pupil's trend). Rolling windows and other conditions are
	 * not thresholds of the trend and are left out.
	 */
	public List<Threshold> thresholds(SchoolRow school) {
		List<Threshold> thresholds = new ArrayList<>();
		for (LevelRule level : policy(school).levels()) {
			collect(level.id(), level.when(), thresholds);
		}
		return thresholds;
	}

	private static void collect(String level, Condition condition, List<Threshold> into) {
		if (condition instanceof Condition.Attendance attendance && attendance.window() == null) {
			into.add(new Threshold(level, attendance.comparison().key(), attendance.pct()));
		}
		else if (condition instanceof Condition.All all) {
			all.conditions().forEach((c) -> collect(level, c, into));
		}
		else if (condition instanceof Condition.AnyOf any) {
			any.conditions().forEach((c) -> collect(level, c, into));
		}
	}

	/** Every pupil with marks this school year, by id, with their standing now. */
	public List<PupilStanding> standings(SchoolRow school) {
		Replayed replayed = replay(school, null, LocalDate.MAX);
		List<PupilTrack> tracks = replayed.replay().tracks();
		return standings(tracks, ToolkitReport.of(replayed.policy(), tracks), replayed.replay().evaluator()::levelId);
	}

	/**
	 * The standings of replayed tracks, with the toolkit's report on them.
	 * @param levelId a level's id from its rank in the ladder (null for -1)
	 */
	static List<PupilStanding> standings(List<PupilTrack> tracks, ToolkitReport toolkit, IntFunction<String> levelId) {
		List<PupilStanding> standings = new ArrayList<>();
		for (PupilTrack track : tracks) {
			Pupil pupil = track.pupil();
			ToolkitReport.Entry entry = toolkit.get(pupil.id());
			standings.add(new PupilStanding(pupil.id(), pupil.yearGroup(), pupil.registrationGroup(),
					levelId.apply(track.stageRank()), track.attendancePct(), track.possibleSessions(),
					(entry.rag() == null) ? null : entry.rag().name(), entry.red10(), names(entry.flags())));
		}
		return standings;
	}

	/**
	 * Each level's colour, as the RAG of a pupil just inside the level's band: a tenth of
	 * a point below its upper attendance bound (above its lower one when it has no upper
	 * bound). A level bounded by no attendance figure (an escalation, "always") takes the
	 * colour of the level below it, the lowest green.
	 */
	public Map<String, String> stageRags(SchoolRow school) {
		Policy policy = policy(school);
		List<Threshold> thresholds = thresholds(school);
		Map<String, String> rags = new LinkedHashMap<>();
		ToolkitReport.Rag below = ToolkitReport.Rag.GREEN;
		for (LevelRule level : policy.levels()) {
			Double upper = null;
			Double lower = null;
			for (Threshold threshold : thresholds) {
				if (!threshold.level().equals(level.id())) {
					continue;
				}
				boolean bounds = threshold.comparison().equals("below") || threshold.comparison().equals("atMost");
				if (bounds && (upper == null || threshold.pct() < upper)) {
					upper = threshold.pct();
				}
				if (!bounds && (lower == null || threshold.pct() > lower)) {
					lower = threshold.pct();
				}
			}
			ToolkitReport.Rag rag = (upper != null) ? ToolkitReport.rag(policy.toolkit(), upper - 0.1)
					: (lower != null) ? ToolkitReport.rag(policy.toolkit(), lower + 0.1) : below;
			rags.put(level.id(), rag.name());
			below = rag;
		}
		return rags;
	}

	/** Pupils by stage, in the ladder's order, then {@code none}. */
	public Map<String, Long> stageCounts(SchoolRow school, List<PupilStanding> standings) {
		Map<String, Long> counts = new LinkedHashMap<>();
		ladder(school).forEach((level) -> counts.put(level, 0L));
		counts.put("none", 0L);
		standings.forEach((s) -> counts.merge((s.stage() == null) ? "none" : s.stage(), 1L, Long::sum));
		return counts;
	}

	/** One pupil in full, or empty if the school has no such pupil with marks. */
	public Optional<PupilDetail> pupil(SchoolRow school, String pupilId) {
		Optional<PupilStanding> standing = standings(school).stream()
			.filter((s) -> s.pupilId().equals(pupilId))
			.findFirst();
		if (standing.isEmpty()) {
			return Optional.empty();
		}
		// The pupil alone again, keeping every decision of the year for the history.
		Replayed replayed = replay(school, pupilId, LocalDate.MIN);
		PupilTrack track = replayed.replay().tracks().get(0);
		SchoolCalendar calendar = replayed.calendar();
		AttendanceStats stats = track.stats();
		List<PupilDetail.StageEntry> history = new ArrayList<>();
		for (Decision decision : replayed.replay().decisions()) {
			if (decision.level()) {
				history.add(new PupilDetail.StageEntry(decision.date(), decision.rule(), decision.explanation()));
			}
		}
		List<PupilDetail.MarkView> marks = new ArrayList<>();
		PupilRegister register = replayed.registers().get(0);
		for (int day = 0; day < calendar.size(); day++) {
			for (Session session : Session.values()) {
				DfeCode code = register.get(day, session);
				if (code != null) {
					marks.add(new PupilDetail.MarkView(calendar.day(day), session.name(), code.symbol(),
							code.category().name()));
				}
			}
		}
		int entered = track.stageEnteredDay();
		PupilStanding s = standing.get();
		Pupil pupil = track.pupil();
		List<OutboxStore.ActionRow> actions = this.outbox
			.find(new OutboxStore.ActionFilter(null, school.id(), pupilId, null), 0, 1000);
		return Optional.of(new PupilDetail(pupilId, school.id(), pupil.yearGroup(), pupil.registrationGroup(),
				names(pupil.flags()), s.stage(), (s.stage() == null || entered < 0) ? null : calendar.day(entered),
				s.attendancePct(), stats.possible(), stats.attended(), stats.authorised(), stats.unauthorised(),
				stats.hoursLost(replayed.policy().settings().hoursPerSession()), track.consecutiveDaysAbsent(), s.rag(),
				s.red10(), s.flags(), history, marks, actions));
	}

	private record Replayed(Policy policy, SchoolCalendar calendar, List<PupilRegister> registers,
			SchoolReplay replay) {
	}

	/**
	 * A school's year so far as stored, and what replaying it takes.
	 *
	 * @param today the clock's date in the school's time zone
	 * @param clock the injected clock in the school's time zone
	 * @param roll the pupils with marks since the start of the school year
	 */
	public record SchoolYear(Policy policy, LocalDate today, Clock clock, StoredRoll.Roll roll) {
	}

	/** The school's stored year so far, up to the injected clock's now. */
	public SchoolYear year(SchoolRow school) {
		Policy policy = policy(school);
		ZoneId zone = this.connectors.timeZone(school.id());
		LocalDate today = this.clock.instant().atZone(zone).toLocalDate();
		StoredRoll.Roll roll = this.roll.load(school.id(), StoredRoll.yearStart(today, policy.settings().yearStart()),
				zone);
		return new SchoolYear(policy, today, this.clock.withZone(zone), roll);
	}

	/**
	 * Replays the school (or one pupil of it) up to now, keeping decisions from a day.
	 */
	private Replayed replay(SchoolRow school, String onlyPupil, LocalDate keepFrom) {
		SchoolYear year = year(school);
		StoredRoll.Roll roll = year.roll();
		List<Pupil> pupils = new ArrayList<>();
		List<PupilRegister> registers = new ArrayList<>();
		for (int i = 0; i < roll.pupils().size(); i++) {
			if (onlyPupil == null || roll.pupils().get(i).id().equals(onlyPupil)) {
				pupils.add(roll.pupils().get(i));
				registers.add(roll.registers().get(i));
			}
		}
		SchoolReplay replay = SchoolReplay.run(year.policy(), roll.calendar(), pupils, registers, roll.completions(),
				year.clock(), keepFrom);
		return new Replayed(year.policy(), roll.calendar(), registers, replay);
	}

	private static Set<String> names(Collection<? extends Enum<?>> values) {
		Set<String> names = new TreeSet<>();
		values.forEach((value) -> names.add(value.name()));
		return names;
	}

	private Policy policy(SchoolRow school) {
		return this.policies.find(school.policy())
			.orElseThrow(() -> new IllegalStateException(school.id() + ": no policy " + school.policy()));
	}

}
