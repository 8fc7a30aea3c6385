package org.attendancebridge.connector.sims;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.ContactFlags;
import org.attendancebridge.connector.ContactPriority;
import org.attendancebridge.connector.MisBooleans;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.WrongType;
import org.attendancebridge.model.Contact;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;

/**
 * Builds canonical pupils from SIMS's {@code LearnerIdentifiers} (UPN, year, registration
 * group, SEN status, pupil premium, child in need, EAL, home language) and
 * {@code LearnerContacts} (priority, parental responsibility, text consent, mobile,
 * email, language). Names are never read: the canonical model does not hold them.
 */
final class SimsPupils {

	/** SIMS writes languages as English names; a few differ from the JDK's names. */
	private static final Map<String, String> NAMES = Map.of("bengali", "bn", "panjabi", "pa", "farsi", "fa", "persian",
			"fa", "slovakian", "sk", "pashto", "ps", "kurdish", "ku");

	private static final Map<String, String> ISO_BY_NAME = isoByName();

	private SimsPupils() {
	}

	/** Our internal id for a SIMS learner: stable, and no personal data. */
	static String pupilId(String learnerId) {
		return "sims-" + learnerId;
	}

	/**
	 * @param rejected told of each learner whose own record could not be read (left out,
	 * to stay as last stored), and each contact with a field of the wrong type (kept)
	 */
	static List<Pupil> build(String school, List<JsonNode> learners, List<JsonNode> contactRecords,
			Consumer<RejectedRecord> rejected) {
		Map<String, List<Contact>> contacts = new HashMap<>();
		for (JsonNode c : contactRecords) {
			String learner = c.path("Learner").path("ExternalID").asText("");
			String contactId = "sims-" + c.path("ExternalID").asText();
			int priority = ContactPriority.read(c, "Priority", 9, school, pupilId(learner), contactId, rejected);
			boolean pr = ContactFlags.parentalResponsibility(c, "ParentalResponsibility", school, pupilId(learner),
					contactId, rejected);
			boolean mayText = ContactFlags.mayText(c, "ReceivesTextMessages", school, pupilId(learner), contactId,
					rejected);
			contacts.computeIfAbsent(learner, (l) -> new ArrayList<>())
				.add(new Contact(contactId, priority, c.path("MobilePhone").asText(null), c.path("Email").asText(null),
						language(c.path("Language").asText("")), pr, mayText));
		}
		contacts.values().forEach((list) -> list.sort(Comparator.comparingInt(Contact::priority)));
		List<Pupil> pupils = new ArrayList<>();
		int item = 0;
		for (JsonNode learner : learners) {
			item++;
			String id = learner.path("ExternalID").asText();
			Set<PupilFlag> flags;
			try {
				flags = flags(learner);
			}
			catch (WrongType ex) {
				rejected.accept(RejectedRecord.pupil(school, pupilId(id),
						"LearnerIdentifiers (item " + item + " of " + learners.size() + " read): " + ex.getMessage()));
				continue;
			}
			pupils.add(new Pupil(pupilId(id), learner.path("UPN").asText(null), learner.path("YearGroup").asText(null),
					learner.path("RegistrationGroup").asText(null), flags,
					language(learner.path("HomeLanguage").asText("")), contacts.getOrDefault(id, List.of()),
					Map.of("sims", id)));
		}
		return pupils;
	}

	private static Set<PupilFlag> flags(JsonNode learner) {
		Set<PupilFlag> flags = EnumSet.noneOf(PupilFlag.class);
		String sen = learner.path("SENStatus").asText("N").trim();
		if (!sen.isEmpty() && !sen.equalsIgnoreCase("N")) {
			flags.add(PupilFlag.SEND);
		}
		if (MisBooleans.isTrue(learner, "PupilPremium")) {
			flags.add(PupilFlag.PUPIL_PREMIUM);
		}
		if (MisBooleans.isTrue(learner, "ChildInNeed")) {
			flags.add(PupilFlag.VULNERABLE);
		}
		if (MisBooleans.isTrue(learner, "EAL")) {
			flags.add(PupilFlag.EAL);
		}
		return flags;
	}

	/**
	 * A language as SIMS writes it ("Polish", or a code) → its two-letter code; a name
	 * nobody knows passes through in lower case, English when there is none.
	 */
	static String language(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT);
		if (n.isEmpty()) {
			return "en";
		}
		if (n.length() == 2) {
			return n;
		}
		String known = NAMES.get(n);
		return (known != null) ? known : ISO_BY_NAME.getOrDefault(n, n);
	}

	private static Map<String, String> isoByName() {
		Map<String, String> byName = new HashMap<>();
		for (String iso : Locale.getISOLanguages()) {
			byName.putIfAbsent(Locale.forLanguageTag(iso).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT),
					iso);
		}
		return Map.copyOf(byName);
	}

}
