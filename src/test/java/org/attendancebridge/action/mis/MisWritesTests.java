package org.attendancebridge.action.mis;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.attendancebridge.action.dispatch.Delivery.Outcome;
import org.attendancebridge.action.dispatch.OutboxAction;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.store.SampleActions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a write that got no usable answer is read: sent again only when it cannot have
 * arrived, looked up first when it may have.
 */
class MisWritesTests {

	private static final OutboxAction ACTION = new OutboxAction(7, "ab-7",
			SampleActions.of("st-johns", "arbor-12", "AC5", ActionKind.MIS_NOTE, "tracking-record"), 0);

	private static MisHttpException failure(int status, Throwable cause) {
		return new MisHttpException("st-johns: POST pastoral-notes failed", status, cause);
	}

	@Test
	void aConnectionThatNeverOpenedIsRetryable() {
		var delivery = MisWrites.failedWrite(ACTION,
				failure(0, new IllegalStateException("refused", new ConnectException("Connection refused"))));
		assertThat(delivery.outcome()).isEqualTo(Outcome.RETRYABLE);
		assertThat(delivery.detail()).contains("never opened");
	}

	@Test
	void anAnswerThatNeverCameIsInDoubtNamingTheReference() {
		var delivery = MisWrites.failedWrite(ACTION,
				failure(0, new IllegalStateException("timeout", new SocketTimeoutException("Read timed out"))));
		assertThat(delivery.outcome()).isEqualTo(Outcome.IN_DOUBT);
		assertThat(delivery.detail()).contains("ab-7");
	}

	@Test
	void statusesEndInTheirStates() {
		assertThat(List.of(429, 500, 503, 200, 401, 404))
			.extracting((status) -> MisWrites.failedWrite(ACTION, failure(status, null)).outcome())
			.containsExactly(Outcome.RETRYABLE, Outcome.RETRYABLE, Outcome.RETRYABLE, Outcome.RETRYABLE, Outcome.FAILED,
					Outcome.FAILED);
	}

}
