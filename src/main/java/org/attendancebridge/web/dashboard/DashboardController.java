package org.attendancebridge.web.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.attendancebridge.store.OutboxStore;
import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.web.ConnectorsApi;
import org.attendancebridge.web.PupilStanding;
import org.attendancebridge.web.SchoolNotFoundException;
import org.attendancebridge.web.SchoolReads;
import org.attendancebridge.web.ScopedSchools;
import org.attendancebridge.web.security.Role;
import org.attendancebridge.web.security.SchoolScope;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The first dashboard pages, rendered on the server: the schools with their pupils by
 * stage and recent actions, and a school with its pupils. No script, so the strict CSP
 * holds.
 */
@Controller
public class DashboardController {

	private static final int RECENT = 15;

	private final ScopedSchools schools;

	private final SchoolReads reads;

	private final OutboxStore outbox;

	private final ConnectorsApi connectors;

	private final boolean demo;

	public DashboardController(ScopedSchools schools, SchoolReads reads, OutboxStore outbox, ConnectorsApi connectors,
			Environment environment) {
		this.schools = schools;
		this.reads = reads;
		this.outbox = outbox;
		this.connectors = connectors;
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
		List<PupilStanding> standings = this.reads.standings(school);
		Map<String, Long> stages = this.reads.stageCounts(school, standings);
		List<PupilStanding> shown = standings.stream()
			.filter((p) -> stage == null || (stage.equals("none") ? p.stage() == null : stage.equals(p.stage())))
			.sorted(java.util.Comparator.comparingDouble(PupilStanding::attendancePct))
			.toList();
		model.addAttribute("user", user.getName());
		model.addAttribute("school", school);
		model.addAttribute("card",
				new SchoolCard(school, stages, stages.values().stream().mapToLong(Long::longValue).max().orElse(0)));
		model.addAttribute("stage", stage);
		model.addAttribute("pupils", shown);
		model.addAttribute("actions",
				this.outbox.find(new OutboxStore.ActionFilter(null, school.id(), null, null), 0, RECENT));
		return "school";
	}

	@ExceptionHandler(SchoolNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	public String notFound(SchoolNotFoundException ex, Model model) {
		model.addAttribute("message", ex.getMessage());
		return "not-found";
	}

}
