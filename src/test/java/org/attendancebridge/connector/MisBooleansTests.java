package org.attendancebridge.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MisBooleansTests {

	private final ObjectMapper json = new ObjectMapper();

	private JsonNode record(String fields) throws Exception {
		return this.json.readTree("{" + fields + "}");
	}

	@Test
	void jsonTrueAndFalseAreReadAsSent() throws Exception {
		assertThat(MisBooleans.isTrue(record("\"is_vulnerable\": true"), "is_vulnerable")).isTrue();
		assertThat(MisBooleans.isTrue(record("\"is_vulnerable\": false"), "is_vulnerable")).isFalse();
	}

	@Test
	void anAbsentOrNullFieldIsFalse() throws Exception {
		assertThat(MisBooleans.isTrue(record(""), "is_vulnerable")).isFalse();
		assertThat(MisBooleans.isTrue(record("\"is_vulnerable\": null"), "is_vulnerable")).isFalse();
		assertThat(MisBooleans.isTrue(this.json.readTree("[]"), "is_vulnerable")).isFalse();
	}

	@Test
	void whatJacksonWouldReadLenientlyIsRefusedNamingTheFieldAndTheTypeNeverTheValue() throws Exception {
		String[][] cases = { { "\"true\"", "text" }, { "\"yes\"", "text" }, { "\"False\"", "text" }, { "\"\"", "text" },
				{ "1", "a whole number" }, { "0", "a whole number" }, { "2", "a whole number" },
				{ "1.0", "a decimal number" }, { "[true]", "a list" }, { "{\"value\": true}", "an object" } };
		for (String[] c : cases) {
			JsonNode record = record("\"ChildInNeed\": " + c[0]);
			assertThatThrownBy(() -> MisBooleans.isTrue(record, "ChildInNeed")).as(c[0])
				.isInstanceOf(WrongType.class)
				.hasMessage("'ChildInNeed' is " + c[1] + ", not a boolean");
		}
	}

	@Test
	void aWholeNumberFieldStillSaysWhatItHeld() throws Exception {
		assertThatThrownBy(() -> MisNumbers.optionalInt(record("\"minutesLate\": true"), "minutesLate"))
			.isInstanceOf(WrongType.class)
			.hasMessage("'minutesLate' is a boolean, not a whole number");
		assertThatThrownBy(() -> MisNumbers.optionalInt(record("\"minutesLate\": 12.7"), "minutesLate"))
			.hasMessage("'minutesLate' is a decimal number, not a whole number");
	}

}
