package org.attendancebridge.action.sms;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SMS settings bound as the adapter binds them: {@code NOTIFY_ALLOW_PRIVATE_NETWORK}
 * is read as {@code validate --online} reads it, true or false and nothing else.
 */
class SmsPropertiesTests {

	private static SmsProperties bind(String allowPrivateNetwork) {
		return new Binder(new MapConfigurationPropertySource(
				Map.of("attendance-bridge.sms.allow-private-network", allowPrivateNetwork)))
			.bindOrCreate("attendance-bridge.sms", SmsProperties.class);
	}

	@Test
	void trueOrFalseInAnyCaseIsRead() {
		assertThat(bind("TRUE").privateNetworkAllowed()).isTrue();
		assertThat(bind(" true ").privateNetworkAllowed()).isTrue();
		assertThat(bind("False").privateNetworkAllowed()).isFalse();
		assertThat(bind("").privateNetworkAllowed()).isFalse();
	}

	@Test
	void anyOtherValueStopsTheAdapterNamingTheVariable() {
		for (String value : new String[] { "yes", "on", "1", "ture" }) {
			assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(value))
				.havingRootCause()
				.withMessage("NOTIFY_ALLOW_PRIVATE_NETWORK: '" + value + "' is neither true nor false");
		}
	}

}
