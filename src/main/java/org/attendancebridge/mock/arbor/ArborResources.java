package org.attendancebridge.mock.arbor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.attendancebridge.mock.MockClock;
import org.attendancebridge.mock.school.MockContact;
import org.attendancebridge.mock.school.MockPupil;
import org.attendancebridge.mock.school.PupilDocument;
import org.attendancebridge.mock.school.PupilNote;
import org.attendancebridge.mock.school.RegisterMark;
import org.attendancebridge.mock.school.SchoolState;
import org.attendancebridge.mock.school.StaffMember;
import org.attendancebridge.mock.school.TermCalendar;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.Session;

import static org.attendancebridge.mock.arbor.ArborFormat.date;
import static org.attendancebridge.mock.arbor.ArborFormat.dateTime;
import static org.attendancebridge.mock.arbor.ArborFormat.entity;
import static org.attendancebridge.mock.arbor.ArborFormat.ref;

/**
 * The Arbor resources the mock serves, each rendered from the school's state: the path
 * name, the list key, the single-object key and how to build its objects.
 */
final class ArborResources {

	/** Guardians' and staff's persons are numbered apart from the pupils'. */
	static final int GUARDIAN_PERSON = 100_000;

	static final int STAFF_PERSON = 200_000;

	/** The attendance mark id that no table has, for the unknown-code fault. */
	static final int UNKNOWN_MARK_ID = 999;

	record Resource(String path, String entityType, String listKey, String singleKey,
			Function<SchoolState, List<ObjectNode>> render) {
	}

	/** The mock's own name for a document attached through {@code student-documents}. */
	static final String DOCUMENT = "StudentDocument";

	private static final Map<String, Resource> RESOURCES = new LinkedHashMap<>();

	static {
		add("students", "Student", "students", "student", ArborResources::students);
		add("persons", "Person", "persons", "person", ArborResources::persons);
		add("uk-dfe-upn-assignments", "UkDfe_UpnAssignment", "ukDfeUpnAssignments", "ukDfeUpnAssignment",
				s -> perPupil(s, p -> true, (p, o) -> o.put("upn", p.upn()), "UkDfe_UpnAssignment",
						"uk-dfe-upn-assignments"));
		add("academic-levels", "AcademicLevel", "academicLevels", "academicLevel", ArborResources::academicLevels);
		add("academic-level-memberships", "AcademicLevelMembership", "academicLevelMemberships",
				"academicLevelMembership",
				s -> perPupil(s, p -> true, (p, o) -> o.set("academicLevel", academicLevelRef(s, p.yearGroup())),
						"AcademicLevelMembership", "academic-level-memberships"));
		add("registration-forms", "RegistrationForm", "registrationForms", "registrationForm",
				ArborResources::registrationForms);
		add("registration-form-memberships", "RegistrationFormMembership", "registrationFormMemberships",
				"registrationFormMembership",
				s -> perPupil(s, p -> true, (p, o) -> o.set("registrationForm", formRef(s, p.registrationGroup())),
						"RegistrationFormMembership", "registration-form-memberships"));
		add("sen-status-assignments", "SenStatusAssignment", "senStatusAssignments", "senStatusAssignment",
				s -> perPupil(s, p -> p.has(PupilFlag.SEND), (p, o) -> {
					ObjectNode status = o.putObject("senStatus");
					status.put("entityType", "SenStatus");
					status.put("code", p.senStatus());
					status.put("displayName", "E".equals(p.senStatus()) ? "EHC plan" : "SEN support");
				}, "SenStatusAssignment", "sen-status-assignments"));
		add("uk-dfe-pupil-premium-recipients", "UkDfe_PupilPremiumRecipient", "ukDfePupilPremiumRecipients",
				"ukDfePupilPremiumRecipient", s -> perPupil(s, p -> p.has(PupilFlag.PUPIL_PREMIUM), (p, o) -> {
				}, "UkDfe_PupilPremiumRecipient", "uk-dfe-pupil-premium-recipients"));
		add("uk-dfe-child-in-need-assignments", "UkDfe_ChildInNeedAssignment", "ukDfeChildInNeedAssignments",
				"ukDfeChildInNeedAssignment", s -> perPupil(s, p -> p.has(PupilFlag.VULNERABLE), (p, o) -> {
				}, "UkDfe_ChildInNeedAssignment", "uk-dfe-child-in-need-assignments"));
		add("uk-dfe-english-proficiencies", "UkDfe_EnglishProficiency", "ukDfeEnglishProficiencies",
				"ukDfeEnglishProficiency",
				s -> perPupil(s, p -> p.has(PupilFlag.EAL), (p, o) -> o.put("proficiency", "B"),
						"UkDfe_EnglishProficiency", "uk-dfe-english-proficiencies"));
		add("language-abilities", "LanguageAbility", "languageAbilities", "languageAbility",
				s -> perPupil(s, p -> true, (p, o) -> {
					ObjectNode language = o.putObject("language");
					language.put("entityType", "Language");
					language.put("displayName", p.homeLanguage());
					o.put("isSpokenAtHome", true);
				}, "LanguageAbility", "language-abilities"));
		add("guardians", "Guardian", "guardians", "guardian", ArborResources::guardians);
		add("student-guardian-relationships", "StudentGuardianRelationship", "studentGuardianRelationships",
				"studentGuardianRelationship", ArborResources::relationships);
		add("telephone-numbers", "TelephoneNumber", "telephoneNumbers", "telephoneNumber",
				ArborResources::telephoneNumbers);
		add("staff", "Staff", "staff", "staff", ArborResources::staff);
		add("attendance-marks", "AttendanceMark", "attendanceMarks", "attendanceMark", s -> attendanceMarks());
		add("attendance-register-types", "AttendanceRegisterType", "attendanceRegisterTypes", "attendanceRegisterType",
				s -> registerTypes());
		add("attendance-registers", "AttendanceRegister", "attendanceRegisters", "attendanceRegister",
				ArborResources::registers);
		add("attendance-records", "AttendanceRecord", "attendanceRecords", "attendanceRecord",
				s -> s.marks(m -> true).stream().map(ArborResources::record).toList());
		add("pastoral-notes", "PastoralNote", "pastoralNotes", "pastoralNote",
				s -> notes(s, "PastoralNote", "pastoral-notes"));
		add("attendance-follow-ups", "AttendanceFollowUp", "attendanceFollowUps", "attendanceFollowUp",
				s -> notes(s, "AttendanceFollowUp", "attendance-follow-ups"));
		// Ours: Arbor publishes no document upload (see the README).
		add("student-documents", "StudentDocument", "studentDocuments", "studentDocument",
				s -> s.documents(DOCUMENT).stream().map(ArborResources::document).toList());
	}

	private ArborResources() {
	}

	private static void add(String path, String entityType, String listKey, String singleKey,
			Function<SchoolState, List<ObjectNode>> render) {
		RESOURCES.put(path, new Resource(path, entityType, listKey, singleKey, render));
	}

	static Resource get(String path) {
		return RESOURCES.get(path);
	}

	static ObjectNode studentRef(int pupilId) {
		return ref("Student", "students", pupilId, null);
	}

	private static List<ObjectNode> students(SchoolState school) {
		return school.pupils().stream().map(p -> {
			ObjectNode o = entity("Student", "students", p.id(), p.displayName());
			o.set("person", ref("Person", "persons", p.id(), p.displayName()));
			o.put("studentNumber", "S" + p.id());
			o.set("startDate", date(p.admissionDate()));
			return o;
		}).toList();
	}

	private static List<ObjectNode> persons(SchoolState school) {
		List<ObjectNode> persons = new ArrayList<>();
		for (MockPupil p : school.pupils()) {
			ObjectNode o = entity("Person", "persons", p.id(), p.displayName());
			o.put("legalFirstName", p.forename());
			o.put("legalLastName", p.surname());
			o.put("preferredFirstName", p.preferredForename());
			o.put("gender", p.gender());
			o.set("dateOfBirth", date(p.dateOfBirth()));
			persons.add(o);
		}
		for (MockPupil p : school.pupils()) {
			for (MockContact c : p.contacts()) {
				ObjectNode o = entity("Person", "persons", GUARDIAN_PERSON + c.id(), c.displayName());
				o.put("title", c.title());
				o.put("legalFirstName", c.forename());
				o.put("legalLastName", c.surname());
				o.put("preferredFirstName", c.forename());
				persons.add(o);
			}
		}
		for (StaffMember s : school.staff()) {
			ObjectNode o = entity("Person", "persons", STAFF_PERSON + s.id(), s.displayName());
			o.put("title", s.title());
			o.put("legalFirstName", s.forename());
			o.put("legalLastName", s.surname());
			o.put("preferredFirstName", s.forename());
			persons.add(o);
		}
		return persons;
	}

	private interface Fill {

		void fill(MockPupil pupil, ObjectNode object);

	}

	/** One object per pupil that matches, numbered by the pupil's id. */
	private static List<ObjectNode> perPupil(SchoolState school, java.util.function.Predicate<MockPupil> which,
			Fill fill, String entityType, String path) {
		return school.pupils().stream().filter(which).map(p -> {
			ObjectNode o = entity(entityType, path, p.id(), null);
			o.set("student", studentRef(p.id()));
			fill.fill(p, o);
			o.set("startDate", date(p.admissionDate()));
			o.putNull("endDate");
			return o;
		}).toList();
	}

	private static List<ObjectNode> academicLevels(SchoolState school) {
		List<ObjectNode> levels = new ArrayList<>();
		List<String> years = school.spec().yearGroups();
		for (int i = 0; i < years.size(); i++) {
			String name = "R".equals(years.get(i)) ? "Reception" : "Year " + years.get(i);
			ObjectNode o = entity("AcademicLevel", "academic-levels", i + 1, name);
			o.put("academicLevelName", name);
			o.put("shortName", "R".equals(years.get(i)) ? "R" : "Y" + years.get(i));
			levels.add(o);
		}
		return levels;
	}

	private static ObjectNode academicLevelRef(SchoolState school, String year) {
		int i = school.spec().yearGroups().indexOf(year);
		return ref("AcademicLevel", "academic-levels", i + 1, "R".equals(year) ? "Reception" : "Year " + year);
	}

	private static List<String> forms(SchoolState school) {
		return school.staff().stream().filter(s -> "tutor".equals(s.role())).map(StaffMember::responsibleFor).toList();
	}

	private static List<ObjectNode> registrationForms(SchoolState school) {
		List<ObjectNode> forms = new ArrayList<>();
		List<StaffMember> tutors = school.staff().stream().filter(s -> "tutor".equals(s.role())).toList();
		for (int i = 0; i < tutors.size(); i++) {
			StaffMember tutor = tutors.get(i);
			ObjectNode o = entity("RegistrationForm", "registration-forms", i + 1, tutor.responsibleFor());
			o.put("name", tutor.responsibleFor());
			o.put("shortName", tutor.responsibleFor());
			o.set("tutor", ref("Staff", "staff", tutor.id(), tutor.displayName()));
			forms.add(o);
		}
		return forms;
	}

	private static ObjectNode formRef(SchoolState school, String form) {
		return ref("RegistrationForm", "registration-forms", forms(school).indexOf(form) + 1, form);
	}

	private static List<ObjectNode> guardians(SchoolState school) {
		List<ObjectNode> guardians = new ArrayList<>();
		for (MockPupil p : school.pupils()) {
			for (MockContact c : p.contacts()) {
				ObjectNode o = entity("Guardian", "guardians", c.id(), c.displayName());
				o.set("person", ref("Person", "persons", GUARDIAN_PERSON + c.id(), c.displayName()));
				o.put("preferredLanguage", c.language());
				o.put("email", c.email());
				guardians.add(o);
			}
		}
		return guardians;
	}

	private static List<ObjectNode> relationships(SchoolState school) {
		List<ObjectNode> relationships = new ArrayList<>();
		for (MockPupil p : school.pupils()) {
			for (MockContact c : p.contacts()) {
				ObjectNode o = entity("StudentGuardianRelationship", "student-guardian-relationships", c.id(), null);
				o.set("student", studentRef(p.id()));
				o.set("guardian", ref("Guardian", "guardians", c.id(), c.displayName()));
				o.put("relationshipType", c.relationship());
				o.put("isLegalGuardian", c.parentalResponsibility());
				o.put("isPrimaryGuardian", c.priority() == 1);
				o.put("emergencyContactPriority", c.priority());
				o.put("unsubscribedFromComms", !c.maySms());
				relationships.add(o);
			}
		}
		return relationships;
	}

	private static List<ObjectNode> telephoneNumbers(SchoolState school) {
		List<ObjectNode> numbers = new ArrayList<>();
		for (MockPupil p : school.pupils()) {
			for (MockContact c : p.contacts()) {
				ObjectNode o = entity("TelephoneNumber", "telephone-numbers", c.id(), null);
				o.set("numberOwner", ref("Person", "persons", GUARDIAN_PERSON + c.id(), c.displayName()));
				o.put("telephoneNumberType", "MOBILE");
				o.put("number", c.mobile());
				o.put("telephoneNumberRanking", 1);
				numbers.add(o);
			}
		}
		return numbers;
	}

	private static List<ObjectNode> staff(SchoolState school) {
		return school.staff().stream().map(s -> {
			ObjectNode o = entity("Staff", "staff", s.id(), s.displayName());
			o.set("person", ref("Person", "persons", STAFF_PERSON + s.id(), s.displayName()));
			o.put("workEmail", s.email());
			ObjectNode role = o.putObject("businessRole");
			role.put("entityType", "BusinessRole");
			role.put("code", s.role());
			role.put("displayName", s.role());
			if (s.responsibleFor() != null) {
				o.put("responsibleFor", s.responsibleFor());
			}
			else {
				o.putNull("responsibleFor");
			}
			return o;
		}).toList();
	}

	/** The statutory codes in force, id = position in the DfE table plus one. */
	private static List<ObjectNode> attendanceMarks() {
		List<ObjectNode> marks = new ArrayList<>();
		for (DfeCode code : DfeCode.values()) {
			if (code.isLegacy() || code == DfeCode.NO_MARK) {
				continue;
			}
			marks.add(attendanceMark(code));
		}
		return marks;
	}

	static ObjectNode attendanceMark(DfeCode code) {
		ObjectNode o = entity("AttendanceMark", "attendance-marks", code.ordinal() + 1, code.symbol());
		o.put("code", code.symbol());
		o.put("name", code.meaning());
		o.put("isLegalPresent", code.category() == org.attendancebridge.model.CodeCategory.PRESENT);
		o.put("isStatisticalPresent", code.isAttendance());
		o.put("isStatisticalAuthorizedAbsent",
				code.category() == org.attendancebridge.model.CodeCategory.AUTHORISED_ABSENCE);
		o.put("isStatisticalUnauthorizedAbsent", code.isUnauthorised());
		o.put("isStatisticalPossibleAttendance", code.isPossible());
		return o;
	}

	static ObjectNode markRef(String symbol, java.time.LocalDate date) {
		if (org.attendancebridge.mock.school.SchoolState.UNKNOWN_CODE.equals(symbol)) {
			return ref("AttendanceMark", "attendance-marks", UNKNOWN_MARK_ID, symbol);
		}
		DfeCode code = DfeCode.of(symbol, date);
		return ref("AttendanceMark", "attendance-marks", code.ordinal() + 1, code.symbol());
	}

	private static List<ObjectNode> registerTypes() {
		List<ObjectNode> types = new ArrayList<>();
		for (Session session : Session.values()) {
			ObjectNode o = entity("AttendanceRegisterType", "attendance-register-types", session.ordinal() + 1,
					session == Session.AM ? "Morning" : "Afternoon");
			o.put("code", session.name());
			o.put("isMorning", session == Session.AM);
			o.put("isAfternoon", session == Session.PM);
			types.add(o);
		}
		return types;
	}

	static long registerId(java.time.LocalDate date, Session session) {
		return date.toEpochDay() * 2 + session.ordinal();
	}

	private static List<ObjectNode> registers(SchoolState school) {
		List<ObjectNode> registers = new ArrayList<>();
		java.time.Instant now = school.now();
		for (java.time.LocalDate day : TermCalendar.schoolDays()) {
			for (Session session : Session.values()) {
				java.time.Instant start = MockClock.at(day, TermCalendar.registerTime(session));
				if (start.isAfter(now)) {
					return registers;
				}
				ObjectNode o = entity("AttendanceRegister", "attendance-registers", registerId(day, session),
						day + " " + session);
				o.set("attendanceRegisterType", ref("AttendanceRegisterType", "attendance-register-types",
						session.ordinal() + 1, session == Session.AM ? "Morning" : "Afternoon"));
				o.set("startDatetime", dateTime(start));
				o.set("endDatetime", dateTime(start.plusSeconds(1800)));
				registers.add(o);
			}
		}
		return registers;
	}

	static ObjectNode record(RegisterMark mark) {
		ObjectNode o = entity("AttendanceRecord", "attendance-records", mark.id(), mark.code());
		o.set("student", studentRef(mark.pupilId()));
		o.set("attendanceMark", markRef(mark.code(), mark.date()));
		o.set("attendanceRegister", ref("AttendanceRegister", "attendance-registers",
				registerId(mark.date(), mark.session()), mark.date() + " " + mark.session()));
		o.set("startDatetime", dateTime(MockClock.at(mark.date(), TermCalendar.registerTime(mark.session()))));
		if (mark.minutesLate() == null) {
			o.putNull("minutesLate");
		}
		else {
			o.put("minutesLate", mark.minutesLate());
		}
		o.put("isRedundant", false);
		if (mark.comment() == null) {
			o.putNull("note");
		}
		else {
			o.put("note", mark.comment());
		}
		o.set("lastModifiedDatetime", dateTime(mark.updatedAt()));
		return o;
	}

	private static List<ObjectNode> notes(SchoolState school, String kind, String path) {
		return school.notes(kind).stream().map(n -> note(n, kind, path)).toList();
	}

	static ObjectNode note(PupilNote n, String kind, String path) {
		ObjectNode o = entity(kind, path, n.id(), n.summary());
		o.set("student", studentRef(n.pupilId()));
		o.put("summary", n.summary());
		o.put("content", n.content());
		o.set("noteDate", date(java.time.LocalDate.ofInstant(n.createdAt(), MockClock.LONDON)));
		o.set("createdDatetime", dateTime(n.createdAt()));
		return o;
	}

	/** A document as listed: what it is and whose, not its bytes. */
	static ObjectNode document(PupilDocument d) {
		ObjectNode o = entity(DOCUMENT, "student-documents", d.id(), d.title());
		o.set("student", studentRef(d.pupilId()));
		o.put("title", d.title());
		o.put("fileName", d.fileName());
		o.put("contentType", d.contentType());
		o.put("contentSize", d.content().length);
		o.put("externalReference", d.reference());
		o.set("createdDatetime", dateTime(d.createdAt()));
		return o;
	}

}
