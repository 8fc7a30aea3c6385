package org.attendancebridge.evaluator;

import java.time.LocalDate;
import java.util.Arrays;

import org.attendancebridge.model.AttendanceStats;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.Percent;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;

/**
 * One pupil's running state under one policy: year-to-date counts, rolling windows kept
 * as ring buffers of school weeks, the current absence streak, the stage and what has
 * fired. Advancing it by a school day costs the same whatever the length of the register,
 * which is what makes a whole local authority's year fast to replay.
 */
public final class PupilTrack {

	static final int NEVER = Integer.MIN_VALUE / 2;

	static final int NO_CODE = -1;

	static final int NOT_WAITING = Integer.MAX_VALUE;

	/** Why a monitoring period began when it did. */
	enum PeriodStart {

		ENTRY, TASK_COMPLETED, WAIT_OVER, REVIEW

	}

	private static final int ATTENDED = 1;

	private static final int AUTHORISED = 2;

	private static final int UNAUTHORISED = 3;

	private static final byte[] CATEGORY = new byte[DfeCode.count()];

	private static final int ILLNESS = DfeCode.I.ordinal();

	static {
		for (DfeCode code : DfeCode.values()) {
			CATEGORY[code.ordinal()] = (byte) (code.isAttendance() ? ATTENDED
					: code.isUnauthorised() ? UNAUTHORISED : code.isAbsence() ? AUTHORISED : 0);
		}
	}

	final Pupil pupil;

	final int flags;

	int nextDay;

	int day = -1;

	private int week = -1;

	private int year = -1;

	int possible;

	int attended;

	int authorised;

	int unauthorised;

	int illness;

	/** Year-to-date attendance %, refreshed once a day. */
	double pct = 100.0;

	final long[] slotMask;

	/** Every code some slot counts: most sessions (present ones) skip the slot loop. */
	private final long slotCodes;

	final int[] slotYear;

	final int[][] slotRing;

	final int[] slotSum;

	final int[][] attendedRing;

	final int[][] possibleRing;

	final int[] attendedSum;

	final int[] possibleSum;

	int consecutive;

	int lastStreak;

	boolean firstDay;

	boolean returned;

	final byte[] historyAm;

	final byte[] historyPm;

	final int[] historyDay;

	/** {@code day % historyDay.length}, kept by counting: a division a day is dear. */
	private int historySlot = -1;

	/** Each ring's slot for the current week ({@code week % length}), set once a week. */
	private final int[] slotRingIndex;

	private final int[] windowRingIndex;

	private boolean weekClean;

	private int weekPossible;

	boolean perfectWeek;

	int perfectWeeks;

	int todayFirst = NO_CODE;

	int stage = -1;

	boolean enteredToday;

	int stageEnteredDay = NEVER;

	final boolean[] escalated;

	final boolean[] inForce;

	final int[] lastLeft;

	int reviewDue = Integer.MAX_VALUE;

	double baseline;

	/**
	 * While the stage's monitoring period waits for its task: the day it starts anyway;
	 * else {@link #NOT_WAITING}.
	 */
	int waitUntil = NOT_WAITING;

	/** The school days each level's task was completed, sorted; null for none. */
	int[][] taskDone;

	/** When and why the current monitoring period began. */
	LocalDate periodStart;

	PeriodStart periodCause;

	/** What the last review compared: attendance then, and its period's start. */
	double reviewedBaseline;

	LocalDate reviewedStart;

	PeriodStart reviewedCause;

	final boolean[] eventWasTrue;

	final int[] eventLastFired;

	PupilTrack(Pupil pupil, CompiledPolicy policy) {
		this.pupil = pupil;
		int mask = 0;
		for (PupilFlag flag : pupil.flags()) {
			mask |= 1 << flag.ordinal();
		}
		this.flags = mask;
		int slots = policy.slotMask.length;
		this.slotMask = policy.slotMask;
		long codes = 0;
		for (long slotMask : policy.slotMask) {
			codes |= slotMask;
		}
		this.slotCodes = codes;
		this.slotYear = new int[slots];
		this.slotRing = new int[slots][];
		this.slotSum = new int[slots];
		this.slotRingIndex = new int[slots];
		for (int i = 0; i < slots; i++) {
			this.slotRing[i] = (policy.slotWeeks[i] > 0) ? new int[policy.slotWeeks[i]] : null;
		}
		int windows = policy.attendanceWindowWeeks.length;
		this.attendedRing = new int[windows][];
		this.possibleRing = new int[windows][];
		this.attendedSum = new int[windows];
		this.possibleSum = new int[windows];
		this.windowRingIndex = new int[windows];
		for (int i = 0; i < windows; i++) {
			this.attendedRing[i] = new int[policy.attendanceWindowWeeks[i]];
			this.possibleRing[i] = new int[policy.attendanceWindowWeeks[i]];
		}
		int history = policy.historyDays + 1;
		this.historyAm = new byte[history];
		this.historyPm = new byte[history];
		this.historyDay = new int[history];
		Arrays.fill(this.historyDay, -1);
		int levels = policy.levels.length;
		this.escalated = new boolean[levels];
		this.inForce = new boolean[levels];
		this.lastLeft = new int[levels];
		Arrays.fill(this.lastLeft, NEVER);
		this.eventWasTrue = new boolean[policy.events.length];
		this.eventLastFired = new int[policy.events.length];
		Arrays.fill(this.eventLastFired, NEVER);
	}

	/**
	 * Takes in one school day. {@code am} and {@code pm} are code ordinals, or
	 * {@link #NO_CODE} for a session with no mark (or none known yet).
	 */
	void recordDay(int dayIndex, int weekIndex, int yearIndex, boolean lastDayOfWeek, int am, int pm) {
		this.historySlot = (dayIndex == this.day + 1 && this.historySlot >= 0)
				? ((this.historySlot + 1 == this.historyDay.length) ? 0 : this.historySlot + 1)
				: dayIndex % this.historyDay.length;
		this.day = dayIndex;
		if (yearIndex != this.year) {
			startYear(yearIndex);
		}
		if (weekIndex != this.week) {
			startWeek(weekIndex);
		}
		int history = this.historySlot;
		this.historyDay[history] = dayIndex;
		this.historyAm[history] = (byte) am;
		this.historyPm[history] = (byte) pm;

		int amCategory = (am == NO_CODE) ? 0 : CATEGORY[am];
		int pmCategory = (pm == NO_CODE) ? 0 : CATEGORY[pm];
		count(am, amCategory);
		count(pm, pmCategory);
		this.pct = Percent.of(this.attended, this.possible);

		this.todayFirst = (amCategory != 0) ? am : (pmCategory != 0) ? pm : NO_CODE;
		int sessions = ((amCategory != 0) ? 1 : 0) + ((pmCategory != 0) ? 1 : 0);
		int absences = ((amCategory >= AUTHORISED) ? 1 : 0) + ((pmCategory >= AUTHORISED) ? 1 : 0);
		boolean attendedToday = amCategory == ATTENDED || pmCategory == ATTENDED;
		int before = this.consecutive;
		this.firstDay = this.todayFirst != NO_CODE && CATEGORY[this.todayFirst] >= AUTHORISED && before == 0;
		this.returned = false;
		if (sessions > 0) {
			if (absences == sessions) {
				this.consecutive = before + 1;
			}
			else {
				this.consecutive = 0;
				if (attendedToday && before > 0) {
					this.returned = true;
					this.lastStreak = before;
				}
			}
			this.weekPossible += sessions;
			if (absences > 0) {
				this.weekClean = false;
			}
		}
		this.perfectWeek = lastDayOfWeek && this.weekClean && this.weekPossible > 0;
		if (this.perfectWeek) {
			this.perfectWeeks++;
		}
	}

	private void count(int code, int category) {
		if (category == 0) {
			return;
		}
		this.possible++;
		switch (category) {
			case ATTENDED -> this.attended++;
			case AUTHORISED -> this.authorised++;
			default -> this.unauthorised++;
		}
		if (code == ILLNESS) {
			this.illness++;
		}
		long bit = 1L << code;
		if ((this.slotCodes & bit) != 0) {
			countInSlots(bit);
		}
		for (int i = 0; i < this.attendedRing.length; i++) {
			int slot = this.windowRingIndex[i];
			this.possibleRing[i][slot]++;
			this.possibleSum[i]++;
			if (category == ATTENDED) {
				this.attendedRing[i][slot]++;
				this.attendedSum[i]++;
			}
		}
	}

	private void countInSlots(long bit) {
		for (int i = 0; i < this.slotMask.length; i++) {
			if ((this.slotMask[i] & bit) != 0) {
				this.slotYear[i]++;
				int[] ring = this.slotRing[i];
				if (ring != null) {
					ring[this.slotRingIndex[i]]++;
					this.slotSum[i]++;
				}
			}
		}
	}

	private void startYear(int yearIndex) {
		this.year = yearIndex;
		this.possible = 0;
		this.attended = 0;
		this.authorised = 0;
		this.unauthorised = 0;
		this.illness = 0;
		this.perfectWeeks = 0;
		Arrays.fill(this.slotYear, 0);
		// A new year starts a new ladder: last year's stage and cool-offs do not carry
		// over.
		this.stage = -1;
		this.stageEnteredDay = NEVER;
		this.reviewDue = Integer.MAX_VALUE;
		this.waitUntil = NOT_WAITING;
		Arrays.fill(this.escalated, false);
		Arrays.fill(this.inForce, false);
		Arrays.fill(this.lastLeft, NEVER);
	}

	private void startWeek(int weekIndex) {
		// Weeks arrive one at a time, so each ring drops exactly its oldest week.
		this.week = weekIndex;
		this.weekClean = true;
		this.weekPossible = 0;
		for (int i = 0; i < this.slotRing.length; i++) {
			int[] ring = this.slotRing[i];
			if (ring != null) {
				int slot = weekIndex % ring.length;
				this.slotRingIndex[i] = slot;
				this.slotSum[i] -= ring[slot];
				ring[slot] = 0;
			}
		}
		for (int i = 0; i < this.attendedRing.length; i++) {
			int slot = weekIndex % this.possibleRing[i].length;
			this.windowRingIndex[i] = slot;
			this.attendedSum[i] -= this.attendedRing[i][slot];
			this.possibleSum[i] -= this.possibleRing[i][slot];
			this.attendedRing[i][slot] = 0;
			this.possibleRing[i][slot] = 0;
		}
	}

	/** Sessions counted by a slot, in its rolling window or in the year. */
	int slotCount(int slot) {
		return (this.slotRing[slot] != null) ? this.slotSum[slot] : this.slotYear[slot];
	}

	/**
	 * The codes of the school day {@code daysAgo} before today, or null if not in memory.
	 */
	int historyCode(int daysAgo, boolean am) {
		int target = this.day - daysAgo;
		if (target < 0 || daysAgo >= this.historyDay.length) {
			// Older than the ring holds: overwritten, as the modulo lookup would find.
			return (target < 0) ? NO_CODE : historyCodeBeyondRing(target, am);
		}
		int slot = this.historySlot - daysAgo;
		if (slot < 0) {
			slot += this.historyDay.length;
		}
		if (this.historyDay[slot] != target) {
			return NO_CODE;
		}
		return am ? this.historyAm[slot] : this.historyPm[slot];
	}

	private int historyCodeBeyondRing(int target, boolean am) {
		int slot = target % this.historyDay.length;
		if (this.historyDay[slot] != target) {
			return NO_CODE;
		}
		return am ? this.historyAm[slot] : this.historyPm[slot];
	}

	public Pupil pupil() {
		return this.pupil;
	}

	/** Year-to-date counts as of the last day replayed. */
	public AttendanceStats stats() {
		return new AttendanceStats(this.possible, this.attended, 0, this.authorised, this.unauthorised, this.illness);
	}

	public double attendancePct() {
		return this.pct;
	}

	public int possibleSessions() {
		return this.possible;
	}

	/** The rank of the pupil's stage in the ladder, or -1 for none. */
	public int stageRank() {
		return this.stage;
	}

	public int consecutiveDaysAbsent() {
		return this.consecutive;
	}

	public int perfectWeeks() {
		return this.perfectWeeks;
	}

	/** The next school day this track has not yet taken in. */
	public int nextDay() {
		return this.nextDay;
	}

	/** The school day on which the pupil entered the current stage, or -1. */
	public int stageEnteredDay() {
		return (this.stageEnteredDay == NEVER) ? -1 : this.stageEnteredDay;
	}

}
