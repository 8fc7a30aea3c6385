package org.attendancebridge.connector;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContactFlagsTests {

	private final ObjectMapper json = new ObjectMapper();

	private final List<RejectedRecord> rejected = new ArrayList<>();

	private boolean mayText(String contact) throws Exception {
		return ContactFlags.mayText(this.json.readTree(contact), "ReceivesTextMessages", "staged", "sims-L-1",
				"sims-C-12", this.rejected::add);
	}

	@Test
	void aConsentOfTheWrongTypeIsReadAsNoConsentAndReportedWithoutTheValue() throws Exception {
		for (String wrong : List.of("\"true\"", "1", "\"yes\"")) {
			this.rejected.clear();
			assertThat(mayText("{\"ReceivesTextMessages\": " + wrong + "}")).as(wrong).isFalse();
			assertThat(this.rejected).singleElement().satisfies((r) -> {
				assertThat(r.pupilId()).isEqualTo("sims-L-1");
				assertThat(r.pupilRecord()).isFalse();
				assertThat(r.reason()).startsWith("contact sims-C-12: 'ReceivesTextMessages' is ")
					.endsWith(", not a boolean; the contact is kept, not to be texted")
					.doesNotContain("yes", "\"true\"");
			});
		}
	}

	@Test
	void aConsentAsSentIsReadWithNothingReported() throws Exception {
		assertThat(mayText("{\"ReceivesTextMessages\": true}")).isTrue();
		assertThat(mayText("{\"ReceivesTextMessages\": false}")).isFalse();
		assertThat(mayText("{}")).isFalse();
		assertThat(this.rejected).isEmpty();
	}

	@Test
	void parentalResponsibilityOfTheWrongTypeIsNotHeld() throws Exception {
		JsonNode contact = this.json.readTree("{\"parental_responsibility\": \"Y\"}");
		assertThat(ContactFlags.parentalResponsibility(contact, "parental_responsibility", "graduated", "classcharts-4",
				"classcharts-9", this.rejected::add))
			.isFalse();
		assertThat(this.rejected).singleElement()
			.satisfies((r) -> assertThat(r.reason()).isEqualTo("contact classcharts-9: 'parental_responsibility' is "
					+ "text, not a boolean; the contact is kept, without parental responsibility"));
	}

	@Test
	void anOptOutOfTheWrongTypeIsReadAsOptedOutAndAnAbsentOneAsNot() throws Exception {
		JsonNode absent = this.json.readTree("{}");
		JsonNode optedOut = this.json.readTree("{\"unsubscribedFromComms\": true}");
		JsonNode wrong = this.json.readTree("{\"unsubscribedFromComms\": 0}");
		assertThat(ContactFlags.mayTextUnlessOptedOut(absent, "unsubscribedFromComms", "st-johns", "arbor-1",
				"arbor-guardian-2", this.rejected::add))
			.isTrue();
		assertThat(ContactFlags.mayTextUnlessOptedOut(optedOut, "unsubscribedFromComms", "st-johns", "arbor-1",
				"arbor-guardian-2", this.rejected::add))
			.isFalse();
		assertThat(this.rejected).isEmpty();
		assertThat(ContactFlags.mayTextUnlessOptedOut(wrong, "unsubscribedFromComms", "st-johns", "arbor-1",
				"arbor-guardian-2", this.rejected::add))
			.isFalse();
		assertThat(this.rejected).singleElement()
			.satisfies((r) -> assertThat(r.reason()).isEqualTo("contact arbor-guardian-2: 'unsubscribedFromComms' is "
					+ "a whole number, not a boolean; the contact is kept, not to be texted"));
	}

}
