package org.attendancebridge.action.dispatch;

/**
 * The outside systems dispatch calls, each with its health ({@code channels.<id>} in
 * {@code /actuator/health}) and its latency ({@code attendance_bridge.gateway.latency},
 * tag {@code channel}). The SMS gateway and CPOMS are one service for every school; the
 * MIS is each school's own, so its health is kept per school.
 */
public enum Gateway {

	SMS("sms", false), CPOMS("cpoms", false), MIS("mis", true);

	private final String id;

	private final boolean perSchool;

	Gateway(String id, boolean perSchool) {
		this.id = id;
		this.perSchool = perSchool;
	}

	public String id() {
		return this.id;
	}

	public boolean perSchool() {
		return this.perSchool;
	}

}
