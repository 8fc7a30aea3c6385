package org.attendancebridge.mock.fault;

/**
 * One fault switched on for a system, and a school or every school ({@code school} null).
 * {@code count} is how many requests it spoils before it switches itself off (0: until
 * cleared), so "fail twice then succeed" is a switch with count 2. For the event faults
 * {@code count} is how many marks or pupils it touches. {@code writesOnly} leaves reads
 * and sign-ins alone.
 */
public record FaultSwitch(String system, String school, FaultKind kind, int count, int status, int retryAfterSeconds,
		int delayMillis, int restoreAfterMinutes, boolean writesOnly) {

	public static FaultSwitch of(String system, String school, FaultKind kind) {
		return new FaultSwitch(system, school, kind, 0, 0, 0, 0, 0, false);
	}

	/**
	 * Spoils only writes (a POST that is not a sign-in), so a test can fail the write
	 * that follows a client's reads.
	 */
	public FaultSwitch writesOnly(boolean writesOnly) {
		return new FaultSwitch(this.system, this.school, this.kind, this.count, this.status, this.retryAfterSeconds,
				this.delayMillis, this.restoreAfterMinutes, writesOnly);
	}

	public FaultSwitch times(int count) {
		return new FaultSwitch(this.system, this.school, this.kind, count, this.status, this.retryAfterSeconds,
				this.delayMillis, this.restoreAfterMinutes, this.writesOnly);
	}

	public FaultSwitch withStatus(int status) {
		return new FaultSwitch(this.system, this.school, this.kind, this.count, status, this.retryAfterSeconds,
				this.delayMillis, this.restoreAfterMinutes, this.writesOnly);
	}

	public FaultSwitch withRetryAfter(int seconds) {
		return new FaultSwitch(this.system, this.school, this.kind, this.count, this.status, seconds, this.delayMillis,
				this.restoreAfterMinutes, this.writesOnly);
	}

	public FaultSwitch withDelay(int millis) {
		return new FaultSwitch(this.system, this.school, this.kind, this.count, this.status, this.retryAfterSeconds,
				millis, this.restoreAfterMinutes, this.writesOnly);
	}

	public FaultSwitch withRestoreAfter(int minutes) {
		return new FaultSwitch(this.system, this.school, this.kind, this.count, this.status, this.retryAfterSeconds,
				this.delayMillis, minutes, this.writesOnly);
	}

	boolean appliesTo(String system, String school, boolean write) {
		return this.system.equals(system) && (this.school == null || this.school.equals(school))
				&& (write || !this.writesOnly);
	}

}
