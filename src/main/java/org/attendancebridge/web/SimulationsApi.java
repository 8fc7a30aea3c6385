package org.attendancebridge.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.attendancebridge.store.SchoolStore.SchoolRow;
import org.attendancebridge.web.SchoolSimulations.Forecast;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A policy's workload over a past period for one of the user's schools, from its stored
 * register: what {@code simulate} prints, week by week.
 */
@RestController
@Tag(name = "schools")
public class SimulationsApi {

	private final ScopedSchools schools;

	private final SchoolSimulations simulations;

	public SimulationsApi(ScopedSchools schools, SchoolSimulations simulations) {
		this.schools = schools;
		this.simulations = simulations;
	}

	@GetMapping("/api/schools/{id}/simulate")
	@Operation(summary = "The workload a policy would have made over a past period, per school week")
	public Forecast simulate(Authentication user, @PathVariable String id,
			@Parameter(description = "a policy's id (the school's own or another)") @RequestParam(
					required = false) String policy,
			@Parameter(description = "the first day, YYYY-MM-DD") @RequestParam(required = false) String from,
			@Parameter(description = "the last day, YYYY-MM-DD, today at the latest") @RequestParam(
					required = false) String to) {
		SchoolRow school = this.schools.require(user, id);
		return this.simulations.simulate(school, policy, from, to);
	}

}
