package org.attendancebridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The timed texts of {@code bench burst} as the outbox and the gateway's journal tell
 * them: how many the gateway accepted (its first acceptance of each reference), how many
 * failed without a send, when each school's last was accepted, and which references it
 * accepted more than once.
 *
 * @param proposed the timed texts in the outbox
 * @param sent those SENT and in the journal
 * @param failed those FAILED and not in it (no contact who may be texted)
 * @param lastBySchool from when they fell due to a school's last text accepted, in
 * nanoseconds, one per school that had any
 * @param sentTwice references in the journal more than once, of any text
 */
record TextsAccepted(long proposed, long sent, long failed, long[] lastBySchool, long sentTwice) {

	static TextsAccepted of(List<BurstStore.Text> outbox, Set<String> rules, List<MockInstance.Text> journal,
			Instant due) {
		Map<String, List<Instant>> accepted = new HashMap<>();
		journal.forEach(
				(text) -> accepted.computeIfAbsent(text.reference(), (r) -> new ArrayList<>()).add(text.acceptedAt()));
		Map<String, Instant> last = new HashMap<>();
		long proposed = 0;
		long sent = 0;
		long failed = 0;
		for (BurstStore.Text text : outbox) {
			if (!rules.contains(text.rule())) {
				continue;
			}
			proposed++;
			List<Instant> times = accepted.getOrDefault(text.reference(), List.of());
			if (text.state().equals("SENT") && !times.isEmpty()) {
				sent++;
				last.merge(text.school(), times.get(0), (a, b) -> a.isAfter(b) ? a : b);
			}
			else if (text.state().equals("FAILED") && times.isEmpty()) {
				failed++;
			}
		}
		long twice = accepted.values().stream().filter((times) -> times.size() > 1).count();
		return new TextsAccepted(proposed, sent, failed,
				last.values().stream().mapToLong((at) -> Duration.between(due, at).toNanos()).toArray(), twice);
	}

	/** From when they fell due to the last accepted. */
	Duration total() {
		return Duration.ofNanos((this.lastBySchool.length == 0) ? 0 : BenchFigures.percentile(this.lastBySchool, 100));
	}

	/**
	 * Neither sent nor failed without a send: in doubt, or sent but missing from the
	 * journal.
	 */
	long unaccounted() {
		return this.proposed - this.sent - this.failed;
	}

}
