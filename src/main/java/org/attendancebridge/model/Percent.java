package org.attendancebridge.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Percentage arithmetic shared by statistics, policies and output. */
public final class Percent {

	private Percent() {
	}

	/**
	 * {@code part / whole × 100}, unrounded; 100 when {@code whole} is 0 (nothing
	 * missed).
	 */
	public static double of(long part, long whole) {
		return (whole == 0) ? 100.0 : part * 100.0 / whole;
	}

	/**
	 * One decimal place, half up, for display and output only; never compare rounded
	 * figures.
	 */
	public static double oneDecimal(double pct) {
		return BigDecimal.valueOf(pct).setScale(1, RoundingMode.HALF_UP).doubleValue();
	}

}
