package org.attendancebridge.connector.arbor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.attendancebridge.connector.ContactFlags;
import org.attendancebridge.connector.ContactPriority;
import org.attendancebridge.connector.MisBooleans;
import org.attendancebridge.connector.MisNumbers;
import org.attendancebridge.connector.RejectedRecord;
import org.attendancebridge.connector.WrongType;
import org.attendancebridge.model.Contact;
import org.attendancebridge.model.Pupil;
import org.attendancebridge.model.PupilFlag;

/**
 * Builds canonical pupils from Arbor's resources: students, UPN assignments, year and
 * registration memberships, SEN, pupil premium, child-in-need and English-proficiency
 * records, home languages, and contacts from guardian relationships and telephone
 * numbers. Names are never read: the canonical model does not hold them.
 */
final class ArborPupils {

	/** Arbor resource path → its list key, in the order they are read. */
	static final Map<String, String> RESOURCES = resources();

	private static final Map<String, String> LANGUAGES = Map.ofEntries(Map.entry("english", "en"),
			Map.entry("polish", "pl"), Map.entry("romanian", "ro"), Map.entry("urdu", "ur"), Map.entry("arabic", "ar"),
			Map.entry("bengali", "bn"), Map.entry("punjabi", "pa"), Map.entry("somali", "so"),
			Map.entry("portuguese", "pt"), Map.entry("spanish", "es"), Map.entry("lithuanian", "lt"),
			Map.entry("gujarati", "gu"), Map.entry("tamil", "ta"), Map.entry("french", "fr"),
			Map.entry("turkish", "tr"));

	/** A mobile's ranking when none is given: after every ranked one. */
	private static final int UNRANKED = 99;

	private ArborPupils() {
	}

	private static Map<String, String> resources() {
		Map<String, String> r = new LinkedHashMap<>();
		r.put("students", "students");
		r.put("uk-dfe-upn-assignments", "ukDfeUpnAssignments");
		r.put("academic-levels", "academicLevels");
		r.put("academic-level-memberships", "academicLevelMemberships");
		r.put("registration-forms", "registrationForms");
		r.put("registration-form-memberships", "registrationFormMemberships");
		r.put("sen-status-assignments", "senStatusAssignments");
		r.put("uk-dfe-pupil-premium-recipients", "ukDfePupilPremiumRecipients");
		r.put("uk-dfe-child-in-need-assignments", "ukDfeChildInNeedAssignments");
		r.put("uk-dfe-english-proficiencies", "ukDfeEnglishProficiencies");
		r.put("language-abilities", "languageAbilities");
		r.put("guardians", "guardians");
		r.put("student-guardian-relationships", "studentGuardianRelationships");
		r.put("telephone-numbers", "telephoneNumbers");
		return r;
	}

	/** Our internal id for an Arbor student: stable, and no personal data. */
	static String pupilId(long studentId) {
		return "arbor-" + studentId;
	}

	/**
	 * @param read resource path → its objects
	 * @param rejected told of each pupil whose own record could not be read (left out, to
	 * stay as last stored), and each contact with a field of the wrong type (kept)
	 */
	static List<Pupil> build(String school, Map<String, List<JsonNode>> read, Consumer<RejectedRecord> rejected) {
		Map<Long, String> yearNames = names(read.get("academic-levels"), "shortName");
		Map<Long, String> formNames = names(read.get("registration-forms"), "shortName");
		Map<Long, String> upns = byStudent(read.get("uk-dfe-upn-assignments"), (o) -> o.path("upn").asText(null));
		Map<Long, String> years = byStudent(read.get("academic-level-memberships"),
				(o) -> yearGroup(yearNames.get(ArborClient.idOf(o.path("academicLevel")))));
		Map<Long, String> forms = byStudent(read.get("registration-form-memberships"),
				(o) -> formNames.get(ArborClient.idOf(o.path("registrationForm"))));
		Set<Long> send = students(read.get("sen-status-assignments"));
		Set<Long> pp = students(read.get("uk-dfe-pupil-premium-recipients"));
		Set<Long> cin = students(read.get("uk-dfe-child-in-need-assignments"));
		Set<Long> eal = students(read.get("uk-dfe-english-proficiencies"));
		Map<Long, String> languages = new HashMap<>();
		// Students whose home language cannot be told: left out, to stay as last stored.
		// Only those the MIS lists: one no longer listed has left, whatever else is said.
		Set<Long> listed = new HashSet<>();
		read.get("students").forEach((student) -> listed.add(ArborClient.idOf(student)));
		Set<Long> unreadable = new HashSet<>();
		List<JsonNode> abilities = read.getOrDefault("language-abilities", List.of());
		for (int i = 0; i < abilities.size(); i++) {
			JsonNode ability = abilities.get(i);
			try {
				if (MisBooleans.isTrue(ability, "isSpokenAtHome")) {
					languages.putIfAbsent(ArborClient.idOf(ability.path("student")),
							language(ability.path("language").path("displayName").asText("")));
				}
			}
			catch (WrongType ex) {
				long student = ArborClient.idOf(ability.path("student"));
				if (!listed.contains(student)) {
					continue;
				}
				unreadable.add(student);
				rejected.accept(
						RejectedRecord.pupil(school, pupilId(student), "language ability " + ArborClient.idOf(ability)
								+ " (item " + (i + 1) + " of " + abilities.size() + " read): " + ex.getMessage()));
			}
		}
		Map<Long, List<Contact>> contacts = contacts(school, read, rejected);
		List<Pupil> pupils = new ArrayList<>();
		for (JsonNode student : read.get("students")) {
			long id = ArborClient.idOf(student);
			if (unreadable.contains(id)) {
				continue;
			}
			Set<PupilFlag> flags = EnumSet.noneOf(PupilFlag.class);
			if (send.contains(id)) {
				flags.add(PupilFlag.SEND);
			}
			if (pp.contains(id)) {
				flags.add(PupilFlag.PUPIL_PREMIUM);
			}
			if (cin.contains(id)) {
				flags.add(PupilFlag.VULNERABLE);
			}
			if (eal.contains(id)) {
				flags.add(PupilFlag.EAL);
			}
			pupils.add(new Pupil(pupilId(id), upns.get(id), years.get(id), forms.get(id), flags,
					languages.getOrDefault(id, "en"), contacts.getOrDefault(id, List.of()),
					Map.of("arbor", String.valueOf(id))));
		}
		return pupils;
	}

	private static Map<Long, List<Contact>> contacts(String school, Map<String, List<JsonNode>> read,
			Consumer<RejectedRecord> rejected) {
		Map<Long, JsonNode> guardians = new HashMap<>();
		for (JsonNode guardian : read.getOrDefault("guardians", List.of())) {
			guardians.put(ArborClient.idOf(guardian), guardian);
		}
		// The best-ranked mobile of each person.
		Map<Long, String> mobiles = new HashMap<>();
		Map<Long, Integer> ranks = new HashMap<>();
		// A person's numbers ranked with the wrong type: reported with each pupil the
		// person is a contact of, since a number belongs to no pupil.
		Map<Long, String> misranked = new HashMap<>();
		for (JsonNode number : read.getOrDefault("telephone-numbers", List.of())) {
			String type = number.path("telephoneNumberType").asText("");
			if (!type.isEmpty() && !type.equalsIgnoreCase("MOBILE")) {
				continue;
			}
			long owner = ArborClient.idOf(number.path("numberOwner"));
			int rank;
			try {
				rank = MisNumbers.intOr(number, "telephoneNumberRanking", UNRANKED);
			}
			catch (WrongType ex) {
				// Ranked last, as if unranked: the number may be the only way to reach
				// the parent.
				rank = UNRANKED;
				misranked.put(owner, "telephone number " + ArborClient.idOf(number) + ": " + ex.getMessage());
			}
			if (!mobiles.containsKey(owner) || rank < ranks.get(owner)) {
				mobiles.put(owner, number.path("number").asText(null));
				ranks.put(owner, rank);
			}
		}
		Map<Long, List<Contact>> contacts = new HashMap<>();
		for (JsonNode relationship : read.getOrDefault("student-guardian-relationships", List.of())) {
			long student = ArborClient.idOf(relationship.path("student"));
			long guardianId = ArborClient.idOf(relationship.path("guardian"));
			JsonNode guardian = guardians.get(guardianId);
			long person = (guardian == null) ? -1 : ArborClient.idOf(guardian.path("person"));
			String language = (guardian == null) ? "en" : language(guardian.path("preferredLanguage").asText(""));
			String contactId = "arbor-guardian-" + guardianId;
			int priority = ContactPriority.read(relationship, "emergencyContactPriority", 9, school, pupilId(student),
					contactId, rejected);
			if (misranked.containsKey(person)) {
				rejected.accept(ContactPriority.problem(school, pupilId(student), contactId,
						misranked.get(person) + "; that number is ranked after this person's other mobiles"));
			}
			Contact contact = new Contact(contactId, priority, mobiles.get(person),
					(guardian == null) ? null : guardian.path("email").asText(null), language,
					ContactFlags.parentalResponsibility(relationship, "isLegalGuardian", school, pupilId(student),
							contactId, rejected),
					ContactFlags.mayTextUnlessOptedOut(relationship, "unsubscribedFromComms", school, pupilId(student),
							contactId, rejected));
			contacts.computeIfAbsent(student, (s) -> new ArrayList<>()).add(contact);
		}
		contacts.values().forEach((list) -> list.sort(java.util.Comparator.comparingInt(Contact::priority)));
		return contacts;
	}

	private static Map<Long, String> names(List<JsonNode> objects, String field) {
		Map<Long, String> names = new HashMap<>();
		for (JsonNode o : (objects == null) ? List.<JsonNode>of() : objects) {
			names.put(ArborClient.idOf(o), o.path(field).asText(o.path("displayName").asText(null)));
		}
		return names;
	}

	private static Map<Long, String> byStudent(List<JsonNode> objects,
			java.util.function.Function<JsonNode, String> value) {
		Map<Long, String> values = new HashMap<>();
		for (JsonNode o : (objects == null) ? List.<JsonNode>of() : objects) {
			if (o.path("endDate").isNull() || o.path("endDate").isMissingNode()) {
				String v = value.apply(o);
				if (v != null) {
					values.put(ArborClient.idOf(o.path("student")), v);
				}
			}
		}
		return values;
	}

	private static Set<Long> students(List<JsonNode> objects) {
		Set<Long> students = new HashSet<>();
		for (JsonNode o : (objects == null) ? List.<JsonNode>of() : objects) {
			if (o.path("endDate").isNull() || o.path("endDate").isMissingNode()) {
				students.add(ArborClient.idOf(o.path("student")));
			}
		}
		return students;
	}

	/** "Y9" or "Year 9" → "9"; "R" or "Reception" → "R". */
	static String yearGroup(String name) {
		if (name == null) {
			return null;
		}
		String n = name.trim();
		if (n.equalsIgnoreCase("R") || n.equalsIgnoreCase("Reception")) {
			return "R";
		}
		return n.replaceFirst("(?i)^(year\\s*|y)", "");
	}

	/** A language name or code → a two-letter code; unknown names pass through. */
	static String language(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT);
		if (n.isEmpty()) {
			return "en";
		}
		if (n.length() == 2) {
			return n;
		}
		return LANGUAGES.getOrDefault(n, n);
	}

}
