package org.attendancebridge.bench;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilRegister;
import org.attendancebridge.model.Session;

/**
 * Writes a pupil's year of marks the way registers look in practice: absence comes in
 * episodes (illness streaks, days off without a reason, appointments, suspensions), more
 * of them on Mondays and Fridays and in winter, holidays taken in term time next to a
 * half term, lates, trips, and a few pupils who join during the year. Each band aims at
 * an absence rate; the episodes' lengths are accounted for so that the rate comes out
 * near the aim.
 */
final class AbsenceModel {

	/** How much school a pupil misses: national figures put 1 in 5 at 90% or less. */
	enum Band {

		/** Misses under 5%. */
		REGULAR,
		/** Misses 5-10%. */
		AT_RISK,
		/** Persistently absent: misses 10-30%. */
		PERSISTENT,
		/** Severely absent: misses half or more. */
		SEVERE

	}

	/**
	 * Cumulative shares (of 100) of illness, unauthorised, medical, late-after-close,
	 * suspension, per band in {@link Band} order; the rest is other authorised leave.
	 */
	private static final int[][] MIXES = { { 58, 70, 85, 90, 90 }, { 55, 72, 84, 90, 91 }, { 42, 80, 87, 92, 95 },
			{ 30, 88, 90, 92, 96 } };

	private final int size;

	/** Monday/Friday and winter effects on the chance that an absence starts. */
	private final double[] dayFactor;

	/** Days that open or close a stretch of term: where term-time holidays are taken. */
	private final int[] breakEdges;

	private final int[] breakDirection;

	AbsenceModel(List<LocalDate> days) {
		this.size = days.size();
		this.dayFactor = new double[this.size];
		int edges = 0;
		int[] edgeDays = new int[this.size];
		int[] direction = new int[this.size];
		for (int d = 0; d < this.size; d++) {
			LocalDate day = days.get(d);
			DayOfWeek weekday = day.getDayOfWeek();
			double factor = (weekday == DayOfWeek.MONDAY || weekday == DayOfWeek.FRIDAY) ? 1.35 : 0.77;
			Month month = day.getMonth();
			if (month == Month.DECEMBER || month == Month.JANUARY || month == Month.FEBRUARY) {
				factor *= 1.25;
			}
			else if (month == Month.SEPTEMBER || month == Month.JUNE || month == Month.JULY) {
				factor *= 0.85;
			}
			this.dayFactor[d] = factor;
			if (d > 0 && days.get(d - 1).plusDays(4).isBefore(day)) {
				edgeDays[edges] = d;
				direction[edges++] = 1;
				edgeDays[edges] = d - 1;
				direction[edges++] = -1;
			}
		}
		this.breakEdges = Arrays.copyOf(edgeDays, edges);
		this.breakDirection = Arrays.copyOf(direction, edges);
	}

	/** Picks a pupil's band; disadvantaged pupils are absent more often, as they are. */
	static Band band(SplittableRandom random, boolean disadvantaged) {
		double risk = disadvantaged ? 1.8 : 0.85;
		double u = random.nextDouble();
		if (u < 0.018 * risk) {
			return Band.SEVERE;
		}
		if (u < 0.135 * risk) {
			return Band.PERSISTENT;
		}
		if (u < 0.135 * risk + 0.22) {
			return Band.AT_RISK;
		}
		return Band.REGULAR;
	}

	/** Writes the pupil's register; every session gets a mark. */
	void write(SplittableRandom random, Band band, PupilRegister register) {
		double rate = switch (band) {
			case REGULAR -> 0.05 * random.nextDouble() * random.nextDouble();
			case AT_RISK -> 0.05 + 0.05 * random.nextDouble();
			case PERSISTENT -> 0.105 + 0.2 * Math.pow(random.nextDouble(), 2);
			case SEVERE -> 0.5 + 0.35 * random.nextDouble();
		};
		double start = startChance(rate, meanEpisodeDays(band));
		double lateChance = (band == Band.REGULAR) ? 0.02 : 0.06;
		int firstDay = (random.nextDouble() < 0.01) ? random.nextInt(this.size / 2) : 0;
		int holidayFrom = -1;
		int holidayTo = -1;
		if (random.nextDouble() < holidayChance(band)) {
			int edge = random.nextInt(this.breakEdges.length);
			int length = 3 + random.nextInt(5);
			holidayFrom = (this.breakDirection[edge] > 0) ? this.breakEdges[edge] : this.breakEdges[edge] - length + 1;
			holidayTo = holidayFrom + length - 1;
		}
		DfeCode streakCode = null;
		int streakLeft = 0;
		for (int d = 0; d < this.size; d++) {
			if (d < firstDay) {
				both(register, d, DfeCode.Z);
			}
			else if (d >= holidayFrom && d <= holidayTo) {
				both(register, d, DfeCode.G);
			}
			else if (streakLeft > 0) {
				both(register, d, streakCode);
				streakLeft--;
			}
			else if (random.nextDouble() < start * this.dayFactor[d]) {
				int kind = random.nextInt(100);
				Episode episode = episode(random, band, kind);
				if (episode.halfDay) {
					boolean morning = random.nextBoolean();
					register.put(d, Session.AM, morning ? episode.code : DfeCode.PRESENT_AM);
					register.put(d, Session.PM, morning ? DfeCode.PRESENT_PM : episode.code);
				}
				else {
					both(register, d, episode.code);
					streakCode = (episode.code == DfeCode.N) ? DfeCode.O : episode.code;
					streakLeft = episode.days - 1;
				}
			}
			else {
				present(random, register, d, lateChance);
			}
		}
	}

	private record Episode(DfeCode code, int days, boolean halfDay) {
	}

	private static Episode episode(SplittableRandom random, Band band, int kind) {
		int[] mix = mix(band);
		if (kind < mix[0]) {
			return new Episode(DfeCode.I, 1 + geometric(random, illnessContinues(band)), false);
		}
		if (kind < mix[1]) {
			// Some reasons never arrive: the N stays on the register.
			DfeCode code = (random.nextDouble() < 0.2) ? DfeCode.N : DfeCode.O;
			return new Episode(code, 1 + geometric(random, truancyContinues(band)), false);
		}
		if (kind < mix[2]) {
			return new Episode(DfeCode.M, 1, true);
		}
		if (kind < mix[3]) {
			return new Episode(DfeCode.U, 1, true);
		}
		if (kind < mix[4]) {
			return new Episode(DfeCode.E, 1 + random.nextInt(3), false);
		}
		return new Episode(random.nextBoolean() ? DfeCode.C : DfeCode.R, 1, false);
	}

	private static int[] mix(Band band) {
		return MIXES[band.ordinal()];
	}

	private static double illnessContinues(Band band) {
		return (band == Band.SEVERE) ? 0.7 : 0.5;
	}

	private static double truancyContinues(Band band) {
		return switch (band) {
			case REGULAR -> 0.1;
			case AT_RISK -> 0.25;
			case PERSISTENT -> 0.45;
			case SEVERE -> 0.8;
		};
	}

	/** The mean length in days of an episode, half days counting a half. */
	private static double meanEpisodeDays(Band band) {
		int[] mix = mix(band);
		double illness = 1 / (1 - illnessContinues(band));
		double truancy = 1 / (1 - truancyContinues(band));
		return (mix[0] * illness + (mix[1] - mix[0]) * truancy + (mix[3] - mix[1]) * 0.5 + (mix[4] - mix[3]) * 2
				+ (100 - mix[4])) / 100.0;
	}

	/** The daily chance of starting an episode that gives the aimed-for absence rate. */
	private static double startChance(double rate, double meanDays) {
		return Math.min(0.9, rate / (meanDays * (1 - rate)));
	}

	private static double holidayChance(Band band) {
		return switch (band) {
			case REGULAR -> 0.03;
			case AT_RISK -> 0.12;
			case PERSISTENT -> 0.15;
			case SEVERE -> 0.08;
		};
	}

	private static int geometric(SplittableRandom random, double continues) {
		int extra = 0;
		while (extra < 15 && random.nextDouble() < continues) {
			extra++;
		}
		return extra;
	}

	private static void both(PupilRegister register, int d, DfeCode code) {
		register.put(d, Session.AM, code);
		register.put(d, Session.PM, code);
	}

	private static void present(SplittableRandom random, PupilRegister register, int d, double lateChance) {
		double u = random.nextDouble();
		DfeCode am = (u < lateChance) ? DfeCode.L : (u < lateChance + 0.003) ? DfeCode.V : DfeCode.PRESENT_AM;
		DfeCode pm = (am == DfeCode.V) ? DfeCode.V : (u > 0.998) ? DfeCode.P : DfeCode.PRESENT_PM;
		register.put(d, Session.AM, am);
		register.put(d, Session.PM, pm);
	}

}
