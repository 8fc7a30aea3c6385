package org.attendancebridge.action.dispatch;

/**
 * Published once a person has settled an action left IN_DOUBT: {@code arrived} when they
 * found it at the other end, otherwise it is queued to send again. A channel that keeps
 * its own record of an attempt it cannot look up (an email) listens, so that its record
 * agrees with the person's finding.
 */
public record ResolvedByHand(long actionId, String kind, boolean arrived, String by) {

}
