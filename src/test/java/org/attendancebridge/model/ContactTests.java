package org.attendancebridge.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContactTests {

	@Test
	void onlyContactsWithParentalResponsibilityWhoAllowTextsAndHaveAPhoneCanBeTexted() {
		assertThat(contact("07700900123", true, true).canBeTexted()).isTrue();
		assertThat(contact("07700900123", false, true).canBeTexted()).isFalse();
		assertThat(contact("07700900123", true, false).canBeTexted()).isFalse();
		assertThat(contact(null, true, true).canBeTexted()).isFalse();
		assertThat(contact("  ", true, true).canBeTexted()).isFalse();
	}

	@Test
	void toStringCarriesNoPersonalData() {
		Contact contact = new Contact("c-1", 1, "07700900123", "parent@example.org", "pl", true, true);
		assertThat(contact.toString()).contains("c-1").doesNotContain("07700900123").doesNotContain("parent@");
	}

	@Test
	void pupilToStringCarriesOnlyTheInternalId() {
		Pupil pupil = new Pupil("p-1", "A123456789012", "Y7", "7B", Set.of(PupilFlag.SEND), "en",
				List.of(new Contact("c-1", 1, "07700900123", null, "en", true, true)), Map.of("arbor", "9876"));
		assertThat(pupil.toString()).contains("p-1")
			.doesNotContain("A123456789012")
			.doesNotContain("9876")
			.doesNotContain("07700900123");
		assertThat(pupil.has(PupilFlag.SEND)).isTrue();
		assertThat(pupil.has(PupilFlag.EAL)).isFalse();
	}

	private static Contact contact(String phone, boolean parentalResponsibility, boolean maySms) {
		return new Contact("c", 1, phone, null, "en", parentalResponsibility, maySms);
	}

}
