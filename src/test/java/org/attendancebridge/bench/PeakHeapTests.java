package org.attendancebridge.bench;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PeakHeapTests {

	@Test
	void aBlockHeldThenFreedCountsAtItsPeakAndNeverBeyondTheHeapsMaximum() {
		PeakHeap.reset();
		long before = PeakHeap.bytes();
		long block = 48L * 1024 * 1024;
		byte[] held = new byte[(int) block];
		held[held.length - 1] = 1;
		assertThat(held[held.length - 1]).isEqualTo((byte) 1);
		held = null;
		System.gc();
		// Collections report asynchronously; the block was in use until the one it freed.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(PeakHeap.bytes()).isGreaterThanOrEqualTo(block).isGreaterThanOrEqualTo(before));
		assertThat(PeakHeap.bytes()).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
	}

}
