package org.attendancebridge.web.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.attendancebridge.action.referral.ReferralStore;
import org.attendancebridge.action.task.TaskStore;
import org.attendancebridge.action.referral.ReferralsApi;
import org.attendancebridge.evaluator.AbsenceWeeks;
import org.attendancebridge.evidence.EvidenceApi;
import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.web.ConflictException;
import org.attendancebridge.web.ConnectorsApi;
import org.attendancebridge.web.OperatorDesk;
import org.attendancebridge.web.PupilDetail;
import org.attendancebridge.web.PupilStanding;
import org.attendancebridge.web.Red10Entry;
import org.attendancebridge.web.SchoolNotFoundException;
import org.attendancebridge.web.SchoolOverview;
import org.attendancebridge.web.SchoolOverviews;
import org.attendancebridge.web.SchoolReads;
import org.attendancebridge.web.ScopedSchools;
import org.attendancebridge.web.security.Role;
import org.attendancebridge.web.security.SchoolScope;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dashboard, rendered on the server: the schools with their pupils by stage, recent
 * actions and connector health; a school with its pupils by stage, this week's stage
 * movements, its absence week by week, the Red 10 and its pupils; a pupil with their
 * register, trend, levels, actions, tasks and referrals; the approval queue, the dead
 * letters, the actions in doubt and the referral tray, whose buttons are forms (POST with
 * the CSRF token). No script, so the strict CSP holds.
 */
@Controller
public class DashboardController {

	private static final int RECENT = 15;

	private static final int MAX_PUPIL_ACTIONS = 1000;

	private final ScopedSchools schools;

	private final SchoolReads reads;

	private final SchoolOverviews overviews;

	private final OutboxStore outbox;

	private final ConnectorsApi connectors;

	private final OperatorDesk desk;

	private final EvidenceApi evidence;

	private final TaskStore tasks;

	private final ReferralStore referralStore;

	private final ReferralsApi referrals;

	private final boolean demo;

	public DashboardController(ScopedSchools schools, SchoolReads reads, SchoolOverviews overviews, OutboxStore outbox,
			ConnectorsApi connectors, OperatorDesk desk, EvidenceApi evidence, TaskStore tasks,
			ReferralStore referralStore, ReferralsApi referrals, Environment environment) {
		this.schools = schools;
		this.reads = reads;
		this.overviews = overviews;
		this.outbox = outbox;
		this.connectors = connectors;
		this.desk = desk;
		this.evidence = evidence;
		this.tasks = tasks;
		this.referralStore = referralStore;
		this.referrals = referrals;
		this.demo = environment.acceptsProfiles(Profiles.of("demo"));
	}

	/** A school's summary line on the home page. */
	public record SchoolCard(SchoolRow school, Map<String, Long> stages, long max) {
	}

	@GetMapping("/login")
	public String login(Model model) {
		model.addAttribute("demo", this.demo);
		return "login";
	}

	@GetMapping("/")
	public String home(Authentication user, Model model) {
		boolean pupilData = SchoolScope.hasRole(user, Role.PUPIL_DATA);
		List<SchoolCard> cards = new ArrayList<>();
		for (SchoolRow school : this.schools.visible(user)) {
			Map<String, Long> stages = pupilData ? this.reads.stageCounts(school, this.reads.standings(school))
					: new LinkedHashMap<>();
			cards.add(new SchoolCard(school, stages,
					stages.values().stream().mapToLong(Long::longValue).max().orElse(0)));
		}
		model.addAttribute("user", user.getName());
		model.addAttribute("pupilData", pupilData);
		model.addAttribute("cards", cards);
		model.addAttribute("connectors", this.connectors.connectors(user));
		model.addAttribute("waiting", pupilData ? this.desk.approvals(user, null).size() : 0);
		model.addAttribute("dead", pupilData ? this.desk.deadLetters(user, null).size() : 0);
		model.addAttribute("doubtful", pupilData ? this.desk.inDoubt(user, null).size() : 0);
		model.addAttribute("actions",
				pupilData ? this.outbox.find(
						new OutboxStore.ActionFilter(SchoolScope.of(user).schoolsOrNullForAll(), null, null, null), 0,
						RECENT) : List.of());
		return "home";
	}

	@GetMapping("/schools/{id}")
	public String school(Authentication user, @PathVariable String id, @RequestParam(required = false) String stage,
			Model model) {
		SchoolRow school = this.schools.require(user, id);
		SchoolOverview overview = this.overviews.of(school);
		List<PupilStanding> shown = overview.standings()
			.stream()
			.filter((p) -> stage == null || (stage.equals("none") ? p.stage() == null : stage.equals(p.stage())))
			.sorted(java.util.Comparator.comparingDouble(PupilStanding::attendancePct))
			.toList();
		List<AbsenceWeeks.Week> absence = overview.absence();
		model.addAttribute("user", user.getName());
		model.addAttribute("school", school);
		model.addAttribute("overview", overview);
		model.addAttribute("bars", SchoolCharts.stageBars(overview.stages()));
		model.addAttribute("absenceTrend", SchoolCharts.absenceTrend(absence));
		model.addAttribute("absenceNow", absence.isEmpty() ? null : absence.get(absence.size() - 1));
		model.addAttribute("absenceWeekBefore", (absence.size() < 2) ? null : absence.get(absence.size() - 2));
		model.addAttribute("absenceTermEnd",
				absence.stream().filter(AbsenceWeeks.Week::endsTerm).reduce((a, b) -> b).orElse(null));
		model.addAttribute("red10",
				overview.red10()
					.stream()
					.collect(Collectors.groupingBy(Red10Entry::yearGroup, LinkedHashMap::new, Collectors.toList())));
		model.addAttribute("stage", stage);
		model.addAttribute("pupils", shown);
		model.addAttribute("actions",
				this.outbox.find(new OutboxStore.ActionFilter(null, school.id(), null, null), 0, RECENT));
		return "school";
	}

	@GetMapping("/schools/{id}/pupils/{pupilId}")
	public String pupil(Authentication user, @PathVariable String id, @PathVariable String pupilId, Model model) {
		SchoolRow school = this.schools.require(user, id);
		PupilDetail pupil = this.reads.pupil(school, pupilId)
			.orElseThrow(() -> new SchoolNotFoundException(id, pupilId));
		List<SchoolReads.Threshold> thresholds = this.reads.thresholds(school);
		model.addAttribute("user", user.getName());
		model.addAttribute("school", school);
		model.addAttribute("pupil", pupil);
		model.addAttribute("weeks", PupilCharts.heatMap(pupil.marks()));
		model.addAttribute("key", PupilCharts.key());
		model.addAttribute("trend", PupilCharts.trend(pupil.marks(), thresholds));
		model.addAttribute("actions", this.outbox
			.deliveries(new OutboxStore.ActionFilter(null, school.id(), pupilId, null), null, MAX_PUPIL_ACTIONS));
		model.addAttribute("tasks", this.tasks.forPupil(school.id(), pupilId));
		model.addAttribute("referrals", this.referralStore.forPupil(school.id(), pupilId));
		model.addAttribute("operator", SchoolScope.hasRole(user, Role.OPERATORS));
		return "pupil";
	}

	/** The evidence pack for a logged-in person (the API's is for HTTP Basic). */
	@GetMapping("/schools/{id}/pupils/{pupilId}/evidence.pdf")
	public ResponseEntity<byte[]> evidence(Authentication user, @PathVariable String id, @PathVariable String pupilId) {
		return this.evidence.pdf(user, id, pupilId);
	}

	@GetMapping("/approvals")
	public String approvals(Authentication user, @RequestParam(required = false) String school, Model model) {
		return queue(user, school, model, "approvals", this.desk::approvals);
	}

	@PostMapping("/approvals/{id}/approve")
	public String approve(Authentication user, @PathVariable long id, RedirectAttributes flash) {
		return move(flash, "/approvals", () -> this.desk.approve(user, id), "approved");
	}

	@PostMapping("/approvals/{id}/reject")
	public String reject(Authentication user, @PathVariable long id, @RequestParam(required = false) String reason,
			RedirectAttributes flash) {
		return move(flash, "/approvals", () -> this.desk.reject(user, id, reason), "rejected");
	}

	@GetMapping("/dead-letters")
	public String deadLetters(Authentication user, @RequestParam(required = false) String school, Model model) {
		return queue(user, school, model, "dead-letters", this.desk::deadLetters);
	}

	/** A queue of actions for an operator, of the user's schools or of one. */
	private String queue(Authentication user, String school, Model model, String page,
			BiFunction<Authentication, String, List<OutboxStore.DeliveryRow>> rows) {
		model.addAttribute("user", user.getName());
		model.addAttribute("school", school);
		model.addAttribute("schools", this.schools.visible(user));
		model.addAttribute("rows", rows.apply(user, emptyToNull(school)));
		model.addAttribute("operator", SchoolScope.hasRole(user, Role.OPERATORS));
		return page;
	}

	@PostMapping("/dead-letters/{id}/replay")
	public String replay(Authentication user, @PathVariable long id, RedirectAttributes flash) {
		return move(flash, "/dead-letters", () -> this.desk.replay(user, id), "replayed");
	}

	@GetMapping("/in-doubt")
	public String inDoubt(Authentication user, @RequestParam(required = false) String school, Model model) {
		return queue(user, school, model, "in-doubt", this.desk::inDoubt);
	}

	@PostMapping("/in-doubt/{id}/sent")
	public String arrived(Authentication user, @PathVariable long id, RedirectAttributes flash) {
		return move(flash, "/in-doubt", () -> this.desk.resolve(user, id, OperatorDesk.Outcome.SENT),
				"checked as arrived");
	}

	@PostMapping("/in-doubt/{id}/not-sent")
	public String notArrived(Authentication user, @PathVariable long id, RedirectAttributes flash) {
		return move(flash, "/in-doubt", () -> this.desk.resolve(user, id, OperatorDesk.Outcome.NOT_SENT),
				"checked as not arrived, to be sent again");
	}

	@GetMapping("/referrals")
	public String referrals(Authentication user, @RequestParam(required = false) String school,
			@RequestParam(required = false) String state, Model model) {
		model.addAttribute("user", user.getName());
		model.addAttribute("school", school);
		model.addAttribute("state", emptyToNull(state));
		model.addAttribute("schools", this.schools.visible(user));
		model.addAttribute("rows", this.referrals.referrals(user, emptyToNull(school), emptyToNull(state)));
		model.addAttribute("operator", SchoolScope.hasRole(user, Role.OPERATORS));
		return "referrals";
	}

	/** A referral pack for a logged-in person (the API's is for HTTP Basic). */
	@GetMapping("/referrals/{id}.pdf")
	public ResponseEntity<byte[]> referralPdf(Authentication user, @PathVariable long id) {
		return this.referrals.pdf(user, id);
	}

	@PostMapping("/referrals/{id}/sent")
	public String referralSent(Authentication user, @PathVariable long id, RedirectAttributes flash) {
		try {
			ReferralStore.ReferralRow row = this.referrals.sent(user, id);
			flash.addFlashAttribute("done", "Referral " + row.id() + " (" + row.rule() + " for pupil " + row.pupilId()
					+ ", " + row.school() + ") marked sent to the local authority by " + row.sentBy() + ".");
		}
		catch (ConflictException ex) {
			flash.addFlashAttribute("refused", ex.getMessage());
		}
		return "redirect:/referrals";
	}

	private static String move(RedirectAttributes flash, String page, Supplier<OutboxStore.DeliveryRow> move,
			String done) {
		try {
			OutboxStore.DeliveryRow row = move.get();
			flash.addFlashAttribute("done", "Action " + row.id() + " (" + row.rule() + " " + row.kind() + " for pupil "
					+ row.pupilId() + ", " + row.school() + ") " + done + ": now " + row.state() + ".");
		}
		catch (ConflictException ex) {
			flash.addFlashAttribute("refused", ex.getMessage());
		}
		return "redirect:" + page;
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
