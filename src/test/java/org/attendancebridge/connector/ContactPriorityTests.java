package org.attendancebridge.connector;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContactPriorityTests {

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void aPhoneNumberKeyedIntoThePriorityIsNeitherReadNorRepeated() throws Exception {
		JsonNode contact = this.json.readTree("{\"Priority\": 447700900123}");
		List<RejectedRecord> rejected = new ArrayList<>();

		int priority = ContactPriority.read(contact, "Priority", 9, "st-johns", "P-1", "sims-C-12", rejected::add);

		assertThat(priority).isEqualTo(9);
		assertThat(rejected).singleElement().satisfies((record) -> {
			assertThat(record.reason())
				.contains("contact sims-C-12", "'Priority'", "beyond range", "kept, last in line")
				.doesNotContain("447700900123");
			assertThat(record.toString()).doesNotContain("447700900123");
		});
	}

	@Test
	void aWholeNumberPriorityIsReadWithNothingRejected() throws Exception {
		List<RejectedRecord> rejected = new ArrayList<>();
		assertThat(ContactPriority.read(this.json.readTree("{\"Priority\": 2}"), "Priority", 9, "st-johns", "P-1",
				"sims-C-12", rejected::add))
			.isEqualTo(2);
		assertThat(rejected).isEmpty();
	}

}
