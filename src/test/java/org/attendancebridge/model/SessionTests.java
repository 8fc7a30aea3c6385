package org.attendancebridge.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionTests {

	@ParameterizedTest
	@ValueSource(strings = { "AM", "am", "Am" })
	void morningParsesCaseInsensitively(String text) {
		assertThat(Session.parse(text)).isEqualTo(Session.AM);
	}

	@ParameterizedTest
	@ValueSource(strings = { "PM", "pm", "pM" })
	void afternoonParsesCaseInsensitively(String text) {
		assertThat(Session.parse(text)).isEqualTo(Session.PM);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "A", "morning", " AM", "AM ", "EV" })
	void anythingElseIsAnErrorNamingTheText(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Session.parse(text))
			.withMessageContaining("'" + text + "'");
	}

}
