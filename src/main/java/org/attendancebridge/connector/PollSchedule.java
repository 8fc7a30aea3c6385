package org.attendancebridge.connector;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When a connection polls its MIS: often around register times (the first-day text is due
 * by 9:30), hourly otherwise, and a full reconciliation at night that catches what change
 * feeds miss. Turned into Quartz cron expressions, one trigger each.
 *
 * @param registerWindows school-day windows of frequent polling
 * @param registerEveryMinutes minutes between polls inside a window (a divisor of 60)
 * @param otherwiseEveryMinutes minutes between polls outside the windows, 06:00-20:00
 * @param nightly the time of the nightly full reconciliation
 */
public record PollSchedule(List<Window> registerWindows, int registerEveryMinutes, int otherwiseEveryMinutes,
		LocalTime nightly) {

	public static final PollSchedule DEFAULTS = new PollSchedule(
			List.of(new Window(LocalTime.of(8, 45), LocalTime.of(10, 0)),
					new Window(LocalTime.of(13, 15), LocalTime.of(14, 0))),
			2, 60, LocalTime.of(2, 30));

	/** A window of frequent polling, start inclusive, end inclusive, whole minutes. */
	public record Window(LocalTime start, LocalTime end) {
	}

	public PollSchedule {
		registerWindows = List.copyOf(registerWindows);
	}

	/** Cron expressions (Quartz syntax) for the frequent polls, school days only. */
	public List<String> registerCrons() {
		List<String> crons = new ArrayList<>();
		int every = this.registerEveryMinutes;
		for (Window window : this.registerWindows) {
			int h0 = window.start().getHour();
			int m0 = window.start().getMinute();
			int h1 = window.end().getHour();
			int m1 = window.end().getMinute();
			if (h0 == h1) {
				crons.add(weekdays(m0 + "-" + m1 + "/" + every, "" + h0));
				continue;
			}
			crons.add(weekdays(m0 + "-59/" + every, "" + h0));
			if (h1 - h0 == 2) {
				crons.add(weekdays("0/" + every, "" + (h0 + 1)));
			}
			else if (h1 - h0 > 2) {
				crons.add(weekdays("0/" + every, (h0 + 1) + "-" + (h1 - 1)));
			}
			crons.add(weekdays((m1 == 0) ? "0" : "0-" + m1 + "/" + every, "" + h1));
		}
		return crons;
	}

	/** The cron expression of the polls outside the windows (they may meet a window). */
	public String otherwiseCron() {
		if (this.otherwiseEveryMinutes >= 60) {
			return weekdays("0", "6-20/" + (this.otherwiseEveryMinutes / 60));
		}
		return weekdays("0/" + this.otherwiseEveryMinutes, "6-20");
	}

	/** Every night, school day or not: corrections are made in holidays too. */
	public String nightlyCron() {
		return "0 " + this.nightly.getMinute() + " " + this.nightly.getHour() + " * * ?";
	}

	private static String weekdays(String minutes, String hours) {
		return "0 " + minutes + " " + hours + " ? * MON-FRI";
	}

}
