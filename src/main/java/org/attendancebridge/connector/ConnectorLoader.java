package org.attendancebridge.connector;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attendancebridge.connector.ConnectorConfig.AlertDelivery;
import org.attendancebridge.model.DfeCode;
import org.attendancebridge.network.PrivateAddresses;
import org.attendancebridge.policy.ActionKind;
import org.attendancebridge.policy.Recipients;
import org.attendancebridge.policy.YamlNode;

/**
 * Reads and validates connector files. Every mistake names the file, line and key: an
 * unknown key or MIS kind, a missing credential variable name, a schedule that cannot
 * run, an unknown role or DfE code, and a base URL that is not https or points into a
 * private network (refused unless {@code allowPrivateNetwork: true}, which only the demo
 * and tests against a local mock should set), and staff alerts by email to staff with no
 * address.
 */
public final class ConnectorLoader {

	private static final Set<String> KEYS = ordered("id", "name", "mis", "baseUrl", "credentials", "policy", "timeZone",
			"schedule", "roles", "codeAliases", "enabled", "allowPrivateNetwork", "dispatch");

	private static final Set<String> DISPATCH_KEYS = ordered("dryRun", "dryRunKinds", "approve", "smsBreakerShare",
			"schoolPhone", "alerts");

	private static final Set<String> STAFF_KEYS = ordered("staff", "email");

	private static final Set<String> SCHEDULE_KEYS = ordered("registerWindows", "registerEveryMinutes",
			"otherwiseEveryMinutes", "nightly");

	private static final Pattern SCHOOL_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

	private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)(?::([^}]*))?}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

	private static final Pattern WINDOW = Pattern.compile("(\\d\\d:\\d\\d)-(\\d\\d:\\d\\d)");

	private final UnaryOperator<String> variables;

	/**
	 * @param variables looks up a placeholder's value in the environment (or the
	 * adapter's settings), null when unset
	 */
	public ConnectorLoader(UnaryOperator<String> variables) {
		this.variables = variables;
	}

	public static List<Path> connectorFiles(Path folder) {
		return YamlNode.filesIn(folder, "connectors");
	}

	public ConnectorConfig load(Path file) {
		YamlNode root = YamlNode.load(file);
		Map<String, YamlNode> top = root.mapping(KEYS);
		String id = required(root, top, "id").nonBlankText();
		if (!SCHOOL_ID.matcher(id).matches()) {
			throw top.get("id").error("school ids are lower-case words joined by dashes, not '" + id + "'");
		}
		String stem = file.getFileName().toString().replaceFirst("\\.yaml$", "");
		if (!stem.equals(id)) {
			throw top.get("id").error("id '" + id + "' does not match the file name '" + file.getFileName() + "'");
		}
		String name = required(root, top, "name").nonBlankText();
		YamlNode misNode = required(root, top, "mis");
		MisKind mis = MisKind.of(misNode.nonBlankText())
			.orElseThrow(() -> misNode
				.error("unknown MIS '" + misNode.text() + "' (expected one of arbor, sims, classcharts, wonde)"));
		boolean allowPrivate = top.containsKey("allowPrivateNetwork") && top.get("allowPrivateNetwork").bool();
		URI baseUrl = baseUrl(required(root, top, "baseUrl"), allowPrivate);
		Map<String, String> credentials = credentials(required(root, top, "credentials"), mis);
		String policy = required(root, top, "policy").nonBlankText();
		ZoneId zone = top.containsKey("timeZone") ? zone(top.get("timeZone")) : ConnectorConfig.DEFAULT_TIME_ZONE;
		PollSchedule schedule = top.containsKey("schedule") ? schedule(top.get("schedule")) : PollSchedule.DEFAULTS;
		Map<String, List<String>> roles = new LinkedHashMap<>();
		Map<String, String> staffEmails = new LinkedHashMap<>();
		Map<String, YamlNode> withoutEmail = new LinkedHashMap<>();
		if (top.containsKey("roles")) {
			roles(top.get("roles"), roles, staffEmails, withoutEmail);
		}
		Map<String, DfeCode> aliases = top.containsKey("codeAliases") ? aliases(top.get("codeAliases")) : Map.of();
		boolean enabled = !top.containsKey("enabled") || top.get("enabled").bool();
		ConnectorConfig.Dispatch dispatch = top.containsKey("dispatch") ? dispatch(top.get("dispatch"), mis)
				: ConnectorConfig.Dispatch.DEFAULTS;
		if (dispatch.alerts().contains(AlertDelivery.EMAIL) && !withoutEmail.isEmpty()) {
			Map.Entry<String, YamlNode> first = withoutEmail.entrySet().iterator().next();
			throw first.getValue()
				.error("staff alerts go by email (dispatch.alerts), but '" + first.getKey()
						+ "' has no email address: write it as {staff: " + first.getKey()
						+ ", email: ...} or give the address itself");
		}
		return new ConnectorConfig(id, name, mis, baseUrl, credentials, policy, zone, schedule, roles, aliases, enabled,
				allowPrivate, file, dispatch, staffEmails);
	}

	private static ConnectorConfig.Dispatch dispatch(YamlNode node, MisKind mis) {
		Map<String, YamlNode> fields = node.mapping(DISPATCH_KEYS);
		boolean dryRun = fields.containsKey("dryRun") && fields.get("dryRun").bool();
		Set<String> dryRunKinds = fields.containsKey("dryRunKinds") ? kinds(fields.get("dryRunKinds")) : Set.of();
		Set<String> approve = fields.containsKey("approve") ? kinds(fields.get("approve")) : Set.of();
		Double share = null;
		if (fields.containsKey("smsBreakerShare")) {
			YamlNode n = fields.get("smsBreakerShare");
			try {
				share = Double.parseDouble(n.nonBlankText());
			}
			catch (NumberFormatException ex) {
				throw n.error("'" + n.text() + "' is not a number (a share of the roll, e.g. 0.2)");
			}
			if (!(share > 0 && share <= 1)) {
				throw n.error("the SMS breaker's share of the roll is above 0 and at most 1, not " + n.text());
			}
		}
		String phone = fields.containsKey("schoolPhone") ? fields.get("schoolPhone").nonBlankText() : null;
		Set<AlertDelivery> alerts = fields.containsKey("alerts") ? alerts(fields.get("alerts"), mis)
				: Set.of(AlertDelivery.MIS);
		return new ConnectorConfig.Dispatch(dryRun, dryRunKinds, approve, share, phone, alerts);
	}

	/** {@code mis}, {@code email}, or both as a list. */
	private static Set<AlertDelivery> alerts(YamlNode node, MisKind mis) {
		Set<AlertDelivery> alerts = EnumSet.noneOf(AlertDelivery.class);
		for (YamlNode item : node.oneOrMany()) {
			String value = item.nonBlankText();
			AlertDelivery delivery = Arrays.stream(AlertDelivery.values())
				.filter((d) -> d.id().equals(value))
				.findFirst()
				.orElseThrow(
						() -> item.error("alerts go by 'mis', 'email' or both ([mis, email]), not '" + value + "'"));
			if (delivery == AlertDelivery.MIS && mis == MisKind.WONDE) {
				throw item.error("Wonde takes no staff alerts (its API writes attendance only): use alerts: email");
			}
			alerts.add(delivery);
		}
		if (alerts.isEmpty()) {
			throw node.error("name at least one way alerts go: mis, email or [mis, email]");
		}
		return alerts;
	}

	private static Set<String> kinds(YamlNode node) {
		Set<String> kinds = new LinkedHashSet<>();
		for (YamlNode item : node.oneOrMany()) {
			String kind = item.nonBlankText();
			if (ActionKind.of(kind).isEmpty()) {
				throw item.error("unknown action kind '" + kind
						+ "' (expected mis-note, mark-amend, staff-alert, sms, letter, task, cpoms-concern, la-referral, mis-document)");
			}
			kinds.add(kind);
		}
		return kinds;
	}

	private URI baseUrl(YamlNode node, boolean allowPrivate) {
		String resolved = resolve(node);
		URI uri;
		try {
			uri = new URI(resolved.endsWith("/") ? resolved : resolved + "/");
		}
		catch (URISyntaxException ex) {
			throw node.error("'" + resolved + "' is not a URL");
		}
		if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
			throw node.error("'" + resolved + "' is not an http(s) URL with a host");
		}
		if (uri.getUserInfo() != null || uri.getQuery() != null) {
			throw node.error("the base URL carries no user, password or query: credentials go in 'credentials'");
		}
		if (!allowPrivate) {
			if (!"https".equals(uri.getScheme())) {
				throw node.error("'" + resolved
						+ "' is not https: pupil data only travels encrypted (set allowPrivateNetwork: true for a local mock)");
			}
			InetAddress address = literalAddress(node, uri.getHost());
			if (address != null && PrivateAddresses.isPrivate(address)) {
				String shown = address.getHostAddress();
				throw node.error("'" + uri.getHost() + "'"
						+ (uri.getHost().replaceAll("^\\[|]$", "").equalsIgnoreCase(shown) ? "" : " (" + shown + ")")
						+ " is a private, loopback or link-local address (set allowPrivateNetwork: true for a local mock)");
			}
			String name = uri.getHost().toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
			if (name.equals("localhost") || name.endsWith(".localhost")) {
				throw node.error("'" + uri.getHost()
						+ "' is a loopback address (set allowPrivateNetwork: true for a local mock)");
			}
		}
		return uri;
	}

	/** Resolves {@code ${NAME}} and {@code ${NAME:default}}; an unset one is an error. */
	private String resolve(YamlNode node) {
		String text = node.nonBlankText();
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = this.variables.apply(matcher.group(1));
			if (value == null) {
				value = matcher.group(2);
			}
			if (value == null) {
				throw node.error("placeholder ${" + matcher.group(1) + "} is not set and has no default");
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/**
	 * A host written as an IP address, in any form a resolver takes for one (IPv6; IPv4
	 * dotted or not, in decimal, octal or hex, as {@code inet_aton} reads it), or null
	 * for a name. Nothing is looked up: a host whose last label is a number is an IPv4
	 * address or refused, as browsers do.
	 */
	private static InetAddress literalAddress(YamlNode node, String host) {
		if (host.startsWith("[") || host.contains(":")) {
			String bare = host.replaceAll("^\\[|]$", "");
			try {
				// In brackets, Java parses it as an IPv6 literal and never looks it up.
				return InetAddress.getByName("[" + bare + "]");
			}
			catch (UnknownHostException ex) {
				throw node.error("'" + host + "' is not a valid IPv6 address");
			}
		}
		String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
		String last = name.substring(name.lastIndexOf('.') + 1);
		if (!NUMERIC_LABEL.matcher(last).matches()) {
			return null;
		}
		byte[] bytes = ipv4(name);
		if (bytes == null) {
			throw node.error("'" + host + "' is neither a host name nor a valid IPv4 address");
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * IPv4 in {@code inet_aton}'s forms: 1 to 4 parts, each decimal, 0-octal or 0x-hex.
	 */
	private static byte[] ipv4(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length > 4) {
			return null;
		}
		long[] values = new long[parts.length];
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			if (part.length() > 12 || !NUMERIC_LABEL.matcher(part).matches()) {
				return null;
			}
			try {
				if (part.startsWith("0x") || part.startsWith("0X")) {
					values[i] = (part.length() == 2) ? 0 : Long.parseLong(part.substring(2), 16);
				}
				else if (part.length() > 1 && part.startsWith("0")) {
					values[i] = Long.parseLong(part.substring(1), 8);
				}
				else {
					values[i] = Long.parseLong(part);
				}
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		long address = 0;
		for (int i = 0; i < values.length - 1; i++) {
			if (values[i] > 255) {
				return null;
			}
			address |= values[i] << (8 * (3 - i));
		}
		long lastPart = values[values.length - 1];
		if (lastPart >= (1L << (8 * (5 - values.length)))) {
			return null;
		}
		address |= lastPart;
		return new byte[] { (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address };
	}

	private static Map<String, String> credentials(YamlNode node, MisKind mis) {
		Map<String, YamlNode> entries = node.mapping(new LinkedHashSet<>(mis.credentials()));
		Map<String, String> credentials = new LinkedHashMap<>();
		for (String needed : mis.credentials()) {
			YamlNode value = entries.get(needed);
			if (value == null) {
				throw node.error(mis.id() + " needs credential '" + needed
						+ "': the name of the environment variable that holds it");
			}
			String variable = value.nonBlankText();
			if (!ENV_NAME.matcher(variable).matches()) {
				throw value.error("'" + variable
						+ "' is not an environment variable name (upper case, digits, _): write the variable's name here, never the secret");
			}
			credentials.put(needed, variable);
		}
		return credentials;
	}

	private static ZoneId zone(YamlNode node) {
		try {
			return ZoneId.of(node.nonBlankText());
		}
		catch (DateTimeException ex) {
			throw node.error("unknown time zone '" + node.text() + "' (e.g. Europe/London)");
		}
	}

	private static PollSchedule schedule(YamlNode node) {
		Map<String, YamlNode> fields = node.mapping(SCHEDULE_KEYS);
		PollSchedule d = PollSchedule.DEFAULTS;
		List<PollSchedule.Window> windows = d.registerWindows();
		if (fields.containsKey("registerWindows")) {
			windows = new ArrayList<>();
			for (YamlNode item : fields.get("registerWindows").sequence()) {
				windows.add(window(item));
			}
		}
		int every = d.registerEveryMinutes();
		if (fields.containsKey("registerEveryMinutes")) {
			every = fields.get("registerEveryMinutes").wholeNumber(1, 30);
			if (60 % every != 0) {
				throw fields.get("registerEveryMinutes")
					.error(every + " does not divide an hour (use 1, 2, 3, 5, 10, 15...)");
			}
		}
		int otherwise = d.otherwiseEveryMinutes();
		if (fields.containsKey("otherwiseEveryMinutes")) {
			YamlNode n = fields.get("otherwiseEveryMinutes");
			otherwise = n.wholeNumber(5, 720);
			if (60 % otherwise != 0 && otherwise % 60 != 0) {
				throw n.error(otherwise + " minutes neither divides an hour nor is a whole number of hours");
			}
		}
		LocalTime nightly = fields.containsKey("nightly") ? time(fields.get("nightly")) : d.nightly();
		return new PollSchedule(windows, every, otherwise, nightly);
	}

	private static PollSchedule.Window window(YamlNode node) {
		Matcher m = WINDOW.matcher(node.nonBlankText());
		if (!m.matches()) {
			throw node.error("a window is written HH:MM-HH:MM, not '" + node.text() + "'");
		}
		try {
			LocalTime start = LocalTime.parse(m.group(1));
			LocalTime end = LocalTime.parse(m.group(2));
			if (!end.isAfter(start)) {
				throw node.error("the window " + node.text() + " ends before it starts");
			}
			return new PollSchedule.Window(start, end);
		}
		catch (DateTimeParseException ex) {
			throw node.error("'" + node.text() + "' is not a window of two times of day");
		}
	}

	private static LocalTime time(YamlNode node) {
		try {
			return LocalTime.parse(node.nonBlankText());
		}
		catch (DateTimeParseException ex) {
			throw node.error("'" + node.text() + "' is not a time of day (HH:MM)");
		}
	}

	/**
	 * Each role's staff: a staff id, an email address (both id and address), or
	 * {@code {staff: ID, email: ADDRESS}}. Fills {@code roles}, {@code staffEmails} (id →
	 * address where they differ) and {@code withoutEmail} (ids with no address, by where
	 * they are written).
	 */
	private static void roles(YamlNode node, Map<String, List<String>> roles, Map<String, String> staffEmails,
			Map<String, YamlNode> withoutEmail) {
		for (Map.Entry<String, YamlNode> entry : node.mapping(Recipients.STAFF_ROLES).entrySet()) {
			List<String> staff = new ArrayList<>();
			for (YamlNode item : entry.getValue().oneOrMany()) {
				if (item.isMapping()) {
					Map<String, YamlNode> fields = item.mapping(STAFF_KEYS);
					String staffId = required(item, fields, "staff").nonBlankText();
					String email = email(required(item, fields, "email"));
					String earlier = staffEmails.putIfAbsent(staffId, email);
					if (earlier != null && !earlier.equals(email)) {
						throw fields.get("email").error("'" + staffId + "' already has another email address");
					}
					staff.add(staffId);
					continue;
				}
				String staffId = item.nonBlankText();
				if (staffId.contains("@")) {
					email(item);
				}
				else {
					withoutEmail.putIfAbsent(staffId, item);
				}
				staff.add(staffId);
			}
			if (staff.isEmpty()) {
				throw entry.getValue().error("the role " + entry.getKey() + " names no staff");
			}
			roles.put(entry.getKey(), List.copyOf(staff));
		}
		withoutEmail.keySet().removeAll(staffEmails.keySet());
	}

	private static String email(YamlNode node) {
		String email = node.nonBlankText();
		if (!EMAIL.matcher(email).matches()) {
			throw node.error("'" + email + "' is neither a staff id nor an email address");
		}
		return email;
	}

	/**
	 * The school's own codes. The DfE code is taken as valid today; a legacy code is no
	 * alias target, since an alias outlives 2024.
	 */
	private static Map<String, DfeCode> aliases(YamlNode node) {
		Map<String, DfeCode> aliases = new LinkedHashMap<>();
		for (Map.Entry<String, YamlNode> entry : node.mapping(null).entrySet()) {
			String target = entry.getValue().nonBlankText();
			try {
				aliases.put(entry.getKey(), DfeCode.of(target, DfeCode.CODES_2024_FROM));
			}
			catch (IllegalArgumentException ex) {
				throw entry.getValue().error("'" + target + "' is not a DfE register code of the 2024 set");
			}
		}
		return aliases;
	}

	private static YamlNode required(YamlNode parent, Map<String, YamlNode> fields, String key) {
		YamlNode node = fields.get(key);
		if (node == null) {
			throw parent.error("missing key '" + key + "'");
		}
		return node;
	}

	private static Set<String> ordered(String... keys) {
		return new LinkedHashSet<>(List.of(keys));
	}

}
