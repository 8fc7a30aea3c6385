package org.attendancebridge.web.dashboard;

import jakarta.servlet.http.HttpServletResponse;

import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.web.SchoolSimulations;
import org.attendancebridge.web.ScopedSchools;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code simulate} in the dashboard: a form (a GET, nothing changes) to pick a policy and
 * a past period for one school, and the workload it would have made week by week. Opened
 * without a choice, it shows the school's own policy over the school year so far; a bad
 * choice is shown on the page, with the form to correct it (status 400).
 */
@Controller
public class SimulationPage {

	private final ScopedSchools schools;

	private final SchoolSimulations simulations;

	public SimulationPage(ScopedSchools schools, SchoolSimulations simulations) {
		this.schools = schools;
		this.simulations = simulations;
	}

	@GetMapping("/schools/{id}/simulate")
	public String simulate(Authentication user, @PathVariable String id, @RequestParam(required = false) String policy,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model,
			HttpServletResponse response) {
		SchoolRow school = this.schools.require(user, id);
		SchoolSimulations.Defaults defaults = this.simulations.defaults(school);
		String chosenPolicy = (policy == null) ? defaults.policy() : policy;
		String chosenFrom = (from == null) ? defaults.from().toString() : from;
		String chosenTo = (to == null) ? defaults.to().toString() : to;
		model.addAttribute("user", user.getName());
		model.addAttribute("school", school);
		model.addAttribute("policies", this.simulations.policies());
		model.addAttribute("policy", chosenPolicy);
		model.addAttribute("from", chosenFrom);
		model.addAttribute("to", chosenTo);
		try {
			model.addAttribute("forecast", this.simulations.simulate(school, chosenPolicy, chosenFrom, chosenTo));
		}
		catch (IllegalArgumentException ex) {
			model.addAttribute("problem", ex.getMessage());
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		}
		return "simulate";
	}

}
