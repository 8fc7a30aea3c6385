package org.attendancebridge.web.security;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Machines' API tokens, for an IT technician logged in as a person (see
 * {@link SecurityConfiguration}), under {@link TokenDesk}'s rules: a token's role must be
 * one the technician holds (403 naming it otherwise) and its schools within theirs; a
 * technician sees and revokes only tokens within their schools.
 */
@RestController
@RequestMapping("/api/tokens")
@Tag(name = "tokens")
public class TokensApi {

	private final TokenDesk desk;

	public TokensApi(TokenDesk desk) {
		this.desk = desk;
	}

	/** What a new token may do: a role and the schools it sees (ids, or {@code all}). */
	public record NewToken(String name, String role, List<String> schools) {
	}

	/** A token just made, with the token itself: shown this once, never again. */
	public record MadeToken(@JsonUnwrapped ApiToken apiToken, String token) {

		@Override
		public String toString() {
			return "MadeToken[" + this.apiToken + "]";
		}

	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Make an API token with one of your roles and some of your schools; the answer holds the "
			+ "token, shown this once")
	public MadeToken create(Authentication user, @RequestBody NewToken wanted) {
		ApiTokenStore.Created made = this.desk.create(user, wanted.name(), wanted.role(), wanted.schools());
		return new MadeToken(made.token(), made.secret());
	}

	@GetMapping
	@Operation(summary = "The API tokens within your schools, newest first, revoked ones too (never the token)")
	public List<ApiToken> list(Authentication user) {
		return this.desk.visible(user);
	}

	@PostMapping("/{id}/revoke")
	@Operation(summary = "Revoke an API token: every request with it is refused (401) from now on")
	public ApiToken revoke(Authentication user, @PathVariable long id) {
		return this.desk.revoke(user, id);
	}

}
