package org.attendancebridge.action.dispatch;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one dispatch run did, per channel, in counts and school ids only: this is what the
 * log shows.
 */
public record DispatchReport(List<ChannelRun> channels) {

	/** One channel's part of a run. */
	public record ChannelRun(String kinds, int sent, int retryable, int failed, int inDoubt, int reconciled,
			int deferred, int expired, Set<String> heldSchools) {

		boolean busy() {
			return this.sent + this.retryable + this.failed + this.inDoubt + this.reconciled + this.deferred
					+ this.expired > 0 || !this.heldSchools.isEmpty();
		}

		@Override
		public String toString() {
			return this.kinds + ": " + this.sent + " sent, " + this.retryable + " to retry, " + this.failed
					+ " failed, " + this.inDoubt + " in doubt, " + this.reconciled + " reconciled, " + this.deferred
					+ " deferred, " + this.expired + " leases expired"
					+ (this.heldSchools.isEmpty() ? "" : ", halted for " + String.join(", ", this.heldSchools));
		}

	}

	/** Whether anything happened: an idle run is not logged. */
	public boolean isBusy() {
		return this.channels.stream().anyMatch(ChannelRun::busy);
	}

	public int sent() {
		return this.channels.stream().mapToInt(ChannelRun::sent).sum();
	}

	@Override
	public String toString() {
		return "Dispatched " + this.channels.stream()
			.filter(ChannelRun::busy)
			.map(ChannelRun::toString)
			.collect(Collectors.joining("; "));
	}

}
