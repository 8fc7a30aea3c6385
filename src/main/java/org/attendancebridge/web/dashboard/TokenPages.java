package org.attendancebridge.web.dashboard;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.attendancebridge.web.ConflictException;
import org.attendancebridge.web.ForbiddenException;
import org.attendancebridge.web.ScopedSchools;
import org.attendancebridge.web.security.ApiToken;
import org.attendancebridge.web.security.ApiTokenStore;
import org.attendancebridge.web.security.Role;
import org.attendancebridge.web.security.SchoolScope;
import org.attendancebridge.web.security.TokenDesk;
import org.attendancebridge.web.security.TokensBeyondTheirMakers;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Machines' API tokens in the dashboard, for an IT technician (the security rules keep
 * everyone else out): the tokens within their schools, a form to make one with one of
 * their roles and some of their schools, and a Revoke button, each a form with its CSRF
 * token, under the API's rules ({@link TokenDesk}). A new token's value is on the page
 * that answers the form, this once: it goes in no redirect, flash, session or log.
 */
@Controller
public class TokenPages {

	private final TokenDesk desk;

	private final ScopedSchools schools;

	private final TokensBeyondTheirMakers beyond;

	public TokenPages(TokenDesk desk, ScopedSchools schools, TokensBeyondTheirMakers beyond) {
		this.desk = desk;
		this.schools = schools;
		this.beyond = beyond;
	}

	@GetMapping("/tokens")
	public String tokens(Authentication user, Model model) {
		return page(user, model, null, null, List.of());
	}

	/**
	 * Makes a token and shows it; a refusal shows the list again with the form as it was
	 * filled in and the reason (400, or 403 for a role the user does not hold).
	 */
	@PostMapping("/tokens")
	public String create(Authentication user, @RequestParam(required = false) String name,
			@RequestParam(required = false) String role, @RequestParam(required = false) List<String> schools,
			Model model, HttpServletResponse response) {
		List<String> chosen = (schools == null) ? List.of() : schools;
		try {
			ApiTokenStore.Created made = this.desk.create(user, name, role, chosen);
			model.addAttribute("user", user.getName());
			model.addAttribute("pupilData", SchoolScope.hasRole(user, Role.PUPIL_DATA));
			model.addAttribute("made", made);
			return "token-made";
		}
		catch (ForbiddenException ex) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			model.addAttribute("problem", ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("problem", ex.getMessage());
		}
		return page(user, model, name, role, chosen);
	}

	@PostMapping("/tokens/{id}/revoke")
	public String revoke(Authentication user, @PathVariable long id, RedirectAttributes flash) {
		try {
			ApiToken token = this.desk.revoke(user, id);
			flash.addFlashAttribute("done", "API token '" + token.name() + "' (id " + token.id()
					+ ") revoked: every request with it is refused from now on.");
		}
		catch (ConflictException ex) {
			flash.addFlashAttribute("refused", ex.getMessage());
		}
		return "redirect:/tokens";
	}

	private String page(Authentication user, Model model, String name, String role, List<String> chosen) {
		model.addAttribute("user", user.getName());
		model.addAttribute("pupilData", SchoolScope.hasRole(user, Role.PUPIL_DATA));
		List<ApiToken> tokens = this.desk.visible(user);
		model.addAttribute("tokens", tokens);
		model.addAttribute("beyond", this.beyond.among(tokens));
		model.addAttribute("roles", TokenDesk.rolesOf(user));
		model.addAttribute("all", SchoolScope.of(user).all());
		model.addAttribute("schools", this.schools.visible(user));
		model.addAttribute("name", name);
		model.addAttribute("role", role);
		model.addAttribute("chosen", chosen);
		return "tokens";
	}

}
