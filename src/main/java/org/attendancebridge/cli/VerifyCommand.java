package org.attendancebridge.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.attendancebridge.store.ActionLogCheck;
import org.attendancebridge.store.ActionLogCheck.ChainReport;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;

/**
 * {@code verify [--school ID]}: checks the action log's hash chains and prints one line
 * per chain, {@code ok} with its entry count and head hash, or {@code BROKEN} naming the
 * first broken entry (chain, sequence number, outbox id and what is wrong); the exit
 * status is 1 when any chain is broken. It reads the adapter's own database
 * ({@link DatabaseContext}) and writes nothing.
 */
final class VerifyCommand {

	private static final Set<String> OPTIONS = Set.of("school");

	private VerifyCommand() {
	}

	static int run(List<String> argList, PrintStream out, PrintStream err) {
		DatabaseContext.Split split = DatabaseContext.split(argList);
		Args args = Args.parse("verify", split.own(), OPTIONS);
		try (ConfigurableApplicationContext context = DatabaseContext.open(split.spring())) {
			ActionLogCheck check = new ActionLogCheck(context.getBean(DataSource.class));
			return report(check, args, DatabaseContext.printableUrl(context), out, err);
		}
	}

	private static int report(ActionLogCheck check, Args args, String url, PrintStream out, PrintStream err) {
		List<ChainReport> reports;
		try {
			List<String> chains = check.chains();
			if (args.has("school") && !chains.contains(args.required("school"))) {
				err.println("verify: no action log chain for school '" + args.required("school") + "' in " + url
						+ " (chains: " + (chains.isEmpty() ? "none" : String.join(", ", chains)) + ")");
				return 2;
			}
			reports = args.has("school") ? List.of(check.check(args.required("school"))) : check.checkAll();
		}
		catch (DataAccessException ex) {
			err.println("verify: cannot read the action log in " + url + " (is it an attendance-bridge database "
					+ "migrated to V3? start the adapter once to create or migrate it): "
					+ DatabaseContext.rootMessage(ex));
			return 2;
		}
		long entries = 0;
		int broken = 0;
		for (ChainReport chain : reports) {
			entries += chain.entries();
			if (chain.ok()) {
				out.println("ok " + chain.chain() + ": " + chain.entries() + " entries, head " + chain.headHash());
			}
			else {
				broken++;
				out.println("BROKEN " + chain.chain() + ": seq " + chain.problem().seq()
						+ ((chain.problem().outboxId() == null) ? "" : " (outbox " + chain.problem().outboxId() + ")")
						+ ": " + chain.problem().what());
			}
		}
		out.println((broken == 0) ? "verify: " + reports.size() + " chains, " + entries + " entries, all intact"
				: "verify: " + broken + " of " + reports.size() + " chains broken");
		return (broken == 0) ? 0 : 1;
	}

}
