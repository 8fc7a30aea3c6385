package org.attendancebridge.policy;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.attendancebridge.model.CodeCategory;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.PupilFlag;
import org.attendancebridge.model.UnknownCodeException;

/**
 * Reads and validates policy files. Every mistake is reported with the file, line and
 * key: an unknown key, a threshold outside 0..100, a reference to a level that does not
 * exist, a template that is missing or not meant for the action's kind.
 */
public final class PolicyLoader {

	private static final Set<String> POLICY_KEYS = ordered("id", "name", "seed", "version", "description", "settings",
			"levels", "events", "toolkit");

	private static final Set<String> SETTINGS_KEYS = ordered("minimumPossibleSessions", "hoursPerSession",
			"coolOffSchoolDays", "registers", "yearStart");

	private static final Set<String> LEVEL_KEYS = ordered("id", "title", "when", "monitor", "coolOffSchoolDays",
			"fireOnImprovement", "actions");

	private static final Set<String> EVENT_KEYS = ordered("id", "title", "when", "due", "coolOffSchoolDays", "actions");

	private static final Set<String> ACTION_KEYS = ordered("kind", "recipient", "template", "copyTo", "onlyIf",
			"dueInSchoolDays", "amendTo", "note");

	private static final Set<String> CONDITION_KEYS = ordered("always", "attendance", "consecutiveDaysAbsent",
			"firstDayOfAbsence", "returnAfterAbsence", "unresolvedCode", "sessions", "days", "cohort", "noImprovement",
			"enteredLevel", "inLevel", "perfectWeek", "todayCode", "all", "any", "not");

	private static final Set<String> PERIOD_KEYS = ordered("schoolWeeks", "schoolDays");

	private static final Set<String> MONITOR_KEYS = ordered("schoolWeeks", "schoolDays", "from", "task",
			"waitForTaskSchoolDays");

	private static final Set<String> TOOLKIT_KEYS = ordered("greenAtLeast", "redAtMost", "red10Size",
			"atRiskOfPaAtMost");

	private static final Pattern RULE_ID = Pattern.compile("[A-Z][A-Z0-9_]*");

	private static final Pattern POLICY_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

	private final TemplateCatalog templates;

	public PolicyLoader(TemplateCatalog templates) {
		this.templates = templates;
	}

	/** Loads one policy, with the templates in {@code templates/} beside it. */
	public static Policy loadFile(Path file) {
		Path folder = file.toAbsolutePath().getParent();
		return new PolicyLoader(TemplateCatalog.load(folder.resolve("templates"))).load(file);
	}

	/** Loads every {@code *.yaml} policy in a folder, sorted by file name. */
	public static List<Policy> loadFolder(Path folder) {
		PolicyLoader loader = new PolicyLoader(TemplateCatalog.load(folder.resolve("templates")));
		List<Policy> policies = new ArrayList<>();
		for (Path file : policyFiles(folder)) {
			policies.add(loader.load(file));
		}
		return policies;
	}

	public static List<Path> policyFiles(Path folder) {
		return YamlNode.filesIn(folder, "policies");
	}

	public Policy load(Path file) {
		YamlNode root = YamlNode.load(file);
		Map<String, YamlNode> top = root.mapping(POLICY_KEYS);
		String id = required(root, top, "id").nonBlankText();
		if (!POLICY_ID.matcher(id).matches()) {
			throw top.get("id").error("policy ids are lower-case words joined by dashes, not '" + id + "'");
		}
		String stem = file.getFileName().toString().replaceFirst("\\.yaml$", "");
		if (!stem.equals(id)) {
			throw top.get("id").error("id '" + id + "' does not match the file name '" + file.getFileName() + "'");
		}
		String name = required(root, top, "name").nonBlankText();
		String seed = top.containsKey("seed") ? top.get("seed").nonBlankText() : null;
		int version = top.containsKey("version") ? top.get("version").wholeNumber(1, Integer.MAX_VALUE) : 1;
		PolicySettings settings = top.containsKey("settings") ? readSettings(top.get("settings"))
				: PolicySettings.DEFAULTS;
		Toolkit toolkit = top.containsKey("toolkit") ? readToolkit(top.get("toolkit")) : Toolkit.DEFAULTS;

		List<YamlNode> levelNodes = top.containsKey("levels") ? top.get("levels").sequence() : List.of();
		List<YamlNode> eventNodes = top.containsKey("events") ? top.get("events").sequence() : List.of();
		if (levelNodes.isEmpty() && eventNodes.isEmpty()) {
			throw root.error("a policy needs at least one level or event");
		}
		List<String> levelIds = new ArrayList<>();
		Set<String> ruleIds = new HashSet<>();
		for (YamlNode node : levelNodes) {
			levelIds.add(ruleId(node, node.mapping(LEVEL_KEYS), ruleIds));
		}
		for (YamlNode node : eventNodes) {
			ruleId(node, node.mapping(EVENT_KEYS), ruleIds);
		}

		List<LevelRule> levels = new ArrayList<>();
		for (int rank = 0; rank < levelNodes.size(); rank++) {
			levels.add(readLevel(levelNodes.get(rank), rank, levelIds, levels, settings));
		}
		List<EventRule> events = new ArrayList<>();
		for (YamlNode node : eventNodes) {
			events.add(readEvent(node, levelIds));
		}
		return new Policy(id, name, seed, version, file, settings, levels, events, toolkit);
	}

	private static String ruleId(YamlNode node, Map<String, YamlNode> fields, Set<String> seen) {
		YamlNode idNode = required(node, fields, "id");
		String ruleId = idNode.nonBlankText();
		if (!RULE_ID.matcher(ruleId).matches()) {
			throw idNode.error("rule ids are upper-case letters, digits and '_', not '" + ruleId + "'");
		}
		if (!seen.add(ruleId)) {
			throw idNode.error("rule id '" + ruleId + "' is used twice");
		}
		return ruleId;
	}

	private LevelRule readLevel(YamlNode node, int rank, List<String> levelIds, List<LevelRule> lower,
			PolicySettings settings) {
		Map<String, YamlNode> fields = node.mapping(LEVEL_KEYS);
		String id = fields.get("id").text().trim();
		Scope scope = new Scope(Scope.Where.LEVEL, levelIds, rank, lower);
		Condition when = readCondition(required(node, fields, "when"), scope);
		int coolOff = fields.containsKey("coolOffSchoolDays") ? fields.get("coolOffSchoolDays").wholeNumber(0, 1000)
				: settings.coolOffSchoolDays();
		boolean onImprovement = fields.containsKey("fireOnImprovement") && fields.get("fireOnImprovement").bool();
		List<ActionSpec> actions = readActions(fields.get("actions"), levelIds);
		Period monitor = null;
		MonitorStart start = null;
		if (fields.containsKey("monitor")) {
			YamlNode monitorNode = fields.get("monitor");
			Map<String, YamlNode> args = monitorNode.mapping(MONITOR_KEYS);
			monitor = period(monitorNode, args);
			start = readMonitorStart(monitorNode, args, id, actions);
		}
		String title = fields.containsKey("title") ? fields.get("title").nonBlankText() : id;
		return new LevelRule(id, title, when, monitor, start, coolOff, onImprovement, actions, node.line());
	}

	/**
	 * {@code from: task-completed} (with {@code task} when the level has several tasks,
	 * and {@code waitForTaskSchoolDays}), or {@code from: entry}, the default: null.
	 */
	private static MonitorStart readMonitorStart(YamlNode monitor, Map<String, YamlNode> args, String level,
			List<ActionSpec> actions) {
		String from = args.containsKey("from") ? args.get("from").nonBlankText() : MonitorStart.ENTRY;
		if (from.equals(MonitorStart.ENTRY)) {
			for (String key : List.of("task", "waitForTaskSchoolDays")) {
				if (args.containsKey(key)) {
					throw args.get(key)
						.error("'" + key + "' belongs to a monitor that starts 'from: " + MonitorStart.TASK_COMPLETED
								+ "'");
				}
			}
			return null;
		}
		if (!from.equals(MonitorStart.TASK_COMPLETED)) {
			throw args.get("from")
				.error("a monitoring period starts from '" + MonitorStart.ENTRY + "' (the default) or '"
						+ MonitorStart.TASK_COMPLETED + "', not '" + from + "'");
		}
		List<ActionSpec> tasks = actions.stream().filter((a) -> a.kind() == ActionKind.TASK).toList();
		if (tasks.isEmpty()) {
			throw args.get("from").error("level '" + level + "' has no task action whose completion could start it");
		}
		ActionSpec task;
		if (args.containsKey("task")) {
			YamlNode taskNode = args.get("task");
			String template = taskNode.nonBlankText();
			task = tasks.stream()
				.filter((a) -> a.template().equals(template))
				.findFirst()
				.orElseThrow(
						() -> taskNode.error("'" + template + "' is not a task of level '" + level + "' (its tasks: "
								+ String.join(", ", tasks.stream().map(ActionSpec::template).toList()) + ")"));
		}
		else if (tasks.size() == 1) {
			task = tasks.get(0);
		}
		else {
			throw monitor.error("level '" + level + "' has several tasks: say which one starts the period with 'task' ("
					+ String.join(", ", tasks.stream().map(ActionSpec::template).toList()) + ")");
		}
		if (task.onlyIf() != null) {
			throw args.getOrDefault("task", args.get("from"))
				.error("task '" + task.template()
						+ "' is made only for some pupils ('onlyIf'): the period must start from a task every pupil gets");
		}
		YamlNode waitNode = required(monitor, args, "waitForTaskSchoolDays");
		int due = (task.dueInSchoolDays() == null) ? 0 : task.dueInSchoolDays();
		int wait = waitNode.wholeNumber(0, 200);
		if (wait < due) {
			throw waitNode.error("the review would stop waiting after " + wait + " school days, before task '"
					+ task.template() + "' is even due (" + due + " school days)");
		}
		return new MonitorStart(task.template(), wait);
	}

	private EventRule readEvent(YamlNode node, List<String> levelIds) {
		Map<String, YamlNode> fields = node.mapping(EVENT_KEYS);
		String id = fields.get("id").text().trim();
		Condition when = readCondition(required(node, fields, "when"),
				new Scope(Scope.Where.EVENT, levelIds, levelIds.size(), List.of()));
		LocalTime due = fields.containsKey("due") ? time(fields.get("due")) : null;
		int coolOff = fields.containsKey("coolOffSchoolDays") ? fields.get("coolOffSchoolDays").wholeNumber(0, 1000)
				: 0;
		List<ActionSpec> actions = readActions(fields.get("actions"), levelIds);
		if (actions.isEmpty()) {
			throw node.error("event '" + id + "' has no actions: an event exists to make something happen");
		}
		String title = fields.containsKey("title") ? fields.get("title").nonBlankText() : id;
		return new EventRule(id, title, when, due, coolOff, actions, node.line());
	}

	private List<ActionSpec> readActions(YamlNode node, List<String> levelIds) {
		if (node == null) {
			return List.of();
		}
		List<ActionSpec> actions = new ArrayList<>();
		for (YamlNode item : node.sequence()) {
			actions.add(readAction(item, levelIds));
		}
		return actions;
	}

	private ActionSpec readAction(YamlNode node, List<String> levelIds) {
		Map<String, YamlNode> fields = node.mapping(ACTION_KEYS);
		YamlNode kindNode = required(node, fields, "kind");
		String kindId = kindNode.nonBlankText();
		ActionKind kind = ActionKind.planned(kindId)
			.orElseThrow(() -> kindNode.error("unknown action kind '" + kindId + "' (expected one of "
					+ String.join(", ",
							Stream.of(ActionKind.values()).filter(ActionKind::planned).map(ActionKind::id).toList())
					+ ")"));
		String recipient = role(required(node, fields, "recipient"));
		YamlNode templateNode = required(node, fields, "template");
		String template = templateNode.nonBlankText();
		TemplateCatalog.Template found = this.templates.get(template)
			.orElseThrow(() -> templateNode.error("template '" + template + "' is not defined in templates/"));
		if (!found.kinds().contains(kind)) {
			throw templateNode.error("template '" + template + "' is not meant for " + kind.id() + " actions");
		}
		List<String> copyTo = new ArrayList<>();
		if (fields.containsKey("copyTo")) {
			for (YamlNode roleNode : fields.get("copyTo").oneOrMany()) {
				copyTo.add(role(roleNode));
			}
		}
		Condition onlyIf = fields.containsKey("onlyIf") ? readCondition(fields.get("onlyIf"),
				new Scope(Scope.Where.EVENT, levelIds, levelIds.size(), List.of())) : null;
		Integer dueIn = fields.containsKey("dueInSchoolDays") ? fields.get("dueInSchoolDays").wholeNumber(0, 200)
				: null;
		DfeCode amendTo = null;
		if (fields.containsKey("amendTo")) {
			amendTo = code(fields.get("amendTo"));
		}
		if (kind == ActionKind.MARK_AMEND && amendTo == null) {
			throw node.error("a mark-amend action needs 'amendTo' (the code to write)");
		}
		if (kind != ActionKind.MARK_AMEND && amendTo != null) {
			throw fields.get("amendTo").error("'amendTo' belongs to mark-amend actions only");
		}
		return new ActionSpec(kind, recipient, template, copyTo, onlyIf, dueIn, amendTo, node.line());
	}

	private static String role(YamlNode node) {
		String role = node.nonBlankText();
		if (!Recipients.ALL.contains(role)) {
			throw node
				.error("unknown recipient '" + role + "' (expected one of " + String.join(", ", Recipients.ALL) + ")");
		}
		return role;
	}

	/** Where a condition stands decides what it may refer to. */
	private record Scope(Where where, List<String> levelIds, int rank, List<LevelRule> lower) {

		enum Where {

			LEVEL, EVENT

		}

	}

	private Condition readCondition(YamlNode node, Scope scope) {
		Map<String, YamlNode> fields = node.mapping(CONDITION_KEYS);
		if (fields.size() != 1) {
			throw node
				.error("a condition has exactly one key (combine several with 'all' or 'any'), found " + fields.size());
		}
		Map.Entry<String, YamlNode> entry = fields.entrySet().iterator().next();
		YamlNode value = entry.getValue();
		return switch (entry.getKey()) {
			case "always" -> {
				if (!value.bool()) {
					throw value.error("'always' can only be true");
				}
				yield new Condition.Always();
			}
			case "attendance" -> readAttendance(value);
			case "consecutiveDaysAbsent" -> new Condition.ConsecutiveDaysAbsent(atLeast(value, 1, 200));
			case "firstDayOfAbsence" -> {
				flag(value);
				yield new Condition.FirstDayOfAbsence();
			}
			case "returnAfterAbsence" -> {
				Map<String, YamlNode> args = emptyOr(value, ordered("minDays"));
				yield new Condition.ReturnAfterAbsence(
						args.containsKey("minDays") ? args.get("minDays").wholeNumber(1, 200) : 1);
			}
			case "unresolvedCode" -> {
				Map<String, YamlNode> args = value.mapping(ordered("code", "afterSchoolDays"));
				yield new Condition.UnresolvedCode(code(required(value, args, "code")),
						required(value, args, "afterSchoolDays").wholeNumber(1, 60));
			}
			case "sessions" -> readCount(value, false);
			case "days" -> readCount(value, true);
			case "cohort" -> {
				// An EnumSet: a stable order, so explanations read the same in every run.
				Set<PupilFlag> flags = EnumSet.noneOf(PupilFlag.class);
				for (YamlNode item : value.oneOrMany()) {
					flags.add(cohort(item));
				}
				yield new Condition.Cohort(Collections.unmodifiableSet(flags));
			}
			case "noImprovement" -> readNoImprovement(value, scope);
			case "enteredLevel" -> new Condition.EnteredLevel(levelReference(value, scope));
			case "inLevel" -> new Condition.InLevel(levelReference(value, scope));
			case "perfectWeek" -> {
				flag(value);
				yield new Condition.PerfectWeek();
			}
			case "todayCode" -> {
				Map<String, YamlNode> args = value.mapping(ordered("anyOf", "noneOf"));
				Set<DfeCode> anyOf = args.containsKey("anyOf") ? codes(args.get("anyOf")) : Set.of();
				Set<DfeCode> noneOf = args.containsKey("noneOf") ? codes(args.get("noneOf")) : Set.of();
				if (anyOf.isEmpty() && noneOf.isEmpty()) {
					throw value.error("todayCode needs 'anyOf' or 'noneOf'");
				}
				yield new Condition.TodayCode(anyOf, noneOf);
			}
			case "all" -> new Condition.All(readConditions(value, scope));
			case "any" -> new Condition.AnyOf(readConditions(value, scope));
			case "not" -> new Condition.Not(readCondition(value, scope));
			default -> throw value.error("unknown condition");
		};
	}

	private List<Condition> readConditions(YamlNode node, Scope scope) {
		List<YamlNode> items = node.sequence();
		if (items.isEmpty()) {
			throw node.error("needs at least one condition");
		}
		List<Condition> conditions = new ArrayList<>();
		for (YamlNode item : items) {
			conditions.add(readCondition(item, scope));
		}
		return conditions;
	}

	private static void flag(YamlNode value) {
		if (value.isMapping()) {
			value.mapping(Set.of());
			return;
		}
		if (!value.bool()) {
			throw value.error("write 'true' or '{}' to use this condition");
		}
	}

	private static Map<String, YamlNode> emptyOr(YamlNode value, Set<String> keys) {
		if (value.isScalar()) {
			flag(value);
			return Map.of();
		}
		return value.mapping(keys);
	}

	private static int atLeast(YamlNode value, int min, int max) {
		if (value.isScalar()) {
			return value.wholeNumber(min, max);
		}
		return required(value, value.mapping(ordered("atLeast")), "atLeast").wholeNumber(min, max);
	}

	private Condition readAttendance(YamlNode value) {
		Map<String, YamlNode> args = value.mapping(ordered("below", "atMost", "above", "atLeast", "window"));
		Period window = args.containsKey("window") ? readPeriod(args.get("window")) : null;
		List<Condition> bounds = new ArrayList<>();
		for (Condition.Comparison comparison : Condition.Comparison.values()) {
			YamlNode bound = args.get(comparison.key());
			if (bound != null) {
				double pct = bound.number();
				if (pct < 0 || pct > 100) {
					throw bound.error("threshold " + bound.text().trim() + "% is outside 0..100");
				}
				bounds.add(new Condition.Attendance(comparison, pct, window));
			}
		}
		if (bounds.isEmpty()) {
			throw value.error("attendance needs a threshold: below, atMost, above or atLeast");
		}
		return (bounds.size() == 1) ? bounds.get(0) : new Condition.All(bounds);
	}

	private Condition readCount(YamlNode value, boolean days) {
		Map<String, YamlNode> args = value.mapping(ordered("category", "codes", "atLeast", "window"));
		if (args.containsKey("category") == args.containsKey("codes")) {
			throw value.error("give either 'category' or 'codes'");
		}
		Set<DfeCode> codes;
		String what;
		if (args.containsKey("codes")) {
			codes = codes(args.get("codes"));
			what = String.join("/", codes.stream().map(DfeCode::symbol).toList());
		}
		else {
			what = args.get("category").nonBlankText();
			codes = category(args.get("category"), what);
		}
		int atLeast = required(value, args, "atLeast").wholeNumber(1, 400);
		Period window = null;
		if (args.containsKey("window")) {
			YamlNode windowNode = args.get("window");
			if (!(windowNode.isScalar() && "year".equals(windowNode.text().trim()))) {
				window = readPeriod(windowNode);
				if (window.unit() != Period.Unit.SCHOOL_WEEKS) {
					throw windowNode.error("rolling windows count school weeks ('schoolWeeks: N') or 'year'");
				}
			}
		}
		return new Condition.SessionCount(Set.copyOf(codes), what, atLeast, days, window);
	}

	private static Set<DfeCode> category(YamlNode node, String name) {
		Set<DfeCode> codes = new LinkedHashSet<>();
		for (DfeCode code : DfeCode.values()) {
			boolean match = switch (name) {
				case "unauthorised" -> code.category() == CodeCategory.UNAUTHORISED_ABSENCE;
				case "authorised" -> code.category() == CodeCategory.AUTHORISED_ABSENCE;
				case "absence" -> code.isAbsence();
				case "illness" -> code.isIllness();
				case "attendance" -> code.isAttendance();
				default -> throw node.error("unknown category '" + name
						+ "' (expected unauthorised, authorised, absence, illness or attendance)");
			};
			if (match) {
				codes.add(code);
			}
		}
		return codes;
	}

	private Condition readNoImprovement(YamlNode value, Scope scope) {
		if (scope.where() != Scope.Where.LEVEL) {
			throw value.error("noImprovement belongs in a level's 'when': it is how a pupil escalates");
		}
		Map<String, YamlNode> args = value.mapping(ordered("from", "byMoreThan"));
		YamlNode fromNode = required(value, args, "from");
		String from = fromNode.nonBlankText();
		int fromRank = scope.levelIds().indexOf(from);
		if (fromRank < 0) {
			throw fromNode.error("unknown level '" + from + "'");
		}
		if (fromRank >= scope.rank()) {
			throw fromNode.error("a level escalates from a lower level; '" + from + "' is not below it");
		}
		if (scope.lower().get(fromRank).monitor() == null) {
			throw fromNode.error("level '" + from + "' has no 'monitor' period to review at");
		}
		double margin = args.containsKey("byMoreThan") ? args.get("byMoreThan").number() : 0.0;
		if (margin < 0 || margin > 100) {
			throw args.get("byMoreThan").error("an improvement margin is 0..100 points");
		}
		return new Condition.NoImprovement(from, margin);
	}

	private static String levelReference(YamlNode value, Scope scope) {
		if (scope.where() == Scope.Where.LEVEL) {
			throw value.error("a level cannot depend on the stage it helps to decide");
		}
		YamlNode idNode = value.isScalar() ? value : required(value, value.mapping(ordered("atLeast")), "atLeast");
		String levelId = idNode.nonBlankText();
		if (!scope.levelIds().contains(levelId)) {
			throw idNode.error("unknown level '" + levelId + "' (levels: " + String.join(", ", scope.levelIds()) + ")");
		}
		return levelId;
	}

	private static Period readPeriod(YamlNode node) {
		return period(node, node.mapping(PERIOD_KEYS));
	}

	/** The one of {@code schoolWeeks} or {@code schoolDays} among a mapping's keys. */
	private static Period period(YamlNode node, Map<String, YamlNode> given) {
		Map<String, YamlNode> args = new HashMap<>(given);
		args.keySet().retainAll(PERIOD_KEYS);
		if (args.size() != 1) {
			throw node.error("a period is either 'schoolWeeks: N' or 'schoolDays: N'");
		}
		if (args.containsKey("schoolWeeks")) {
			return Period.schoolWeeks(args.get("schoolWeeks").wholeNumber(1, 60));
		}
		return Period.schoolDays(args.get("schoolDays").wholeNumber(1, 300));
	}

	private static PolicySettings readSettings(YamlNode node) {
		Map<String, YamlNode> args = node.mapping(SETTINGS_KEYS);
		PolicySettings d = PolicySettings.DEFAULTS;
		int minimum = args.containsKey("minimumPossibleSessions")
				? args.get("minimumPossibleSessions").wholeNumber(0, 400) : d.minimumPossibleSessions();
		double hours = d.hoursPerSession();
		if (args.containsKey("hoursPerSession")) {
			hours = args.get("hoursPerSession").number();
			if (hours <= 0 || hours > 6) {
				throw args.get("hoursPerSession").error("a session lasts more than 0 and at most 6 hours");
			}
		}
		int coolOff = args.containsKey("coolOffSchoolDays") ? args.get("coolOffSchoolDays").wholeNumber(0, 1000)
				: d.coolOffSchoolDays();
		LocalTime am = d.amRegister();
		LocalTime pm = d.pmRegister();
		if (args.containsKey("registers")) {
			Map<String, YamlNode> registers = args.get("registers").mapping(ordered("am", "pm"));
			am = registers.containsKey("am") ? time(registers.get("am")) : am;
			pm = registers.containsKey("pm") ? time(registers.get("pm")) : pm;
			if (!pm.isAfter(am)) {
				throw args.get("registers").error("the PM register must come after the AM register");
			}
		}
		MonthDay yearStart = d.yearStart();
		if (args.containsKey("yearStart")) {
			YamlNode yearNode = args.get("yearStart");
			try {
				yearStart = MonthDay.parse("--" + yearNode.nonBlankText());
			}
			catch (DateTimeParseException ex) {
				throw yearNode.error("expected MM-DD, not '" + yearNode.text() + "'");
			}
		}
		return new PolicySettings(minimum, hours, coolOff, am, pm, yearStart);
	}

	private static Toolkit readToolkit(YamlNode node) {
		Map<String, YamlNode> args = node.mapping(TOOLKIT_KEYS);
		Toolkit d = Toolkit.DEFAULTS;
		double green = args.containsKey("greenAtLeast") ? pct(args.get("greenAtLeast")) : d.greenAtLeast();
		double red = args.containsKey("redAtMost") ? pct(args.get("redAtMost")) : d.redAtMost();
		if (red >= green) {
			throw node.error("redAtMost (" + red + ") must be below greenAtLeast (" + green + ")");
		}
		int size = args.containsKey("red10Size") ? args.get("red10Size").wholeNumber(1, 100) : d.red10Size();
		double atRisk = args.containsKey("atRiskOfPaAtMost") ? pct(args.get("atRiskOfPaAtMost")) : d.atRiskOfPaAtMost();
		return new Toolkit(green, red, size, atRisk);
	}

	private static double pct(YamlNode node) {
		double value = node.number();
		if (value < 0 || value > 100) {
			throw node.error("threshold " + node.text().trim() + "% is outside 0..100");
		}
		return value;
	}

	private static LocalTime time(YamlNode node) {
		String text = node.nonBlankText();
		try {
			return LocalTime.parse((text.length() == 4) ? "0" + text : text);
		}
		catch (DateTimeParseException ex) {
			throw node.error("expected a time as HH:MM, not '" + text + "'");
		}
	}

	private static DfeCode code(YamlNode node) {
		String symbol = node.nonBlankText();
		try {
			return DfeCode.of(symbol, DfeCode.CODES_2024_FROM);
		}
		catch (UnknownCodeException ex) {
			throw node.error(ex.getMessage());
		}
	}

	private static Set<DfeCode> codes(YamlNode node) {
		Set<DfeCode> codes = new LinkedHashSet<>();
		for (YamlNode item : node.oneOrMany()) {
			String symbol = item.nonBlankText();
			try {
				// Legacy codes are allowed in a rule: they still describe marks from
				// earlier years.
				codes.add(DfeCode.of(symbol, DfeCode.CODES_2024_FROM.minusDays(1)));
			}
			catch (UnknownCodeException ex) {
				throw item.error(ex.getMessage());
			}
		}
		return codes;
	}

	private static PupilFlag cohort(YamlNode node) {
		String name = node.nonBlankText();
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "send" -> PupilFlag.SEND;
			case "pupil-premium" -> PupilFlag.PUPIL_PREMIUM;
			case "vulnerable" -> PupilFlag.VULNERABLE;
			case "eal" -> PupilFlag.EAL;
			default ->
				throw node.error("unknown cohort '" + name + "' (expected send, pupil-premium, vulnerable or eal)");
		};
	}

	private static YamlNode required(YamlNode parent, Map<String, YamlNode> fields, String key) {
		YamlNode value = fields.get(key);
		if (value == null) {
			throw parent.error("missing required key '" + key + "'");
		}
		return value;
	}

	private static Set<String> ordered(String... keys) {
		return new LinkedHashSet<>(List.of(keys));
	}

}
