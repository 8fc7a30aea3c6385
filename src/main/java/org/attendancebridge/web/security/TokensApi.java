package org.attendancebridge.web.security;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.web.ConflictException;
import org.attendancebridge.web.NotFoundException;

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
 * {@link SecurityConfiguration}). A token's schools must lie within the technician's own,
 * and a technician sees and revokes only such tokens; a token outside them answers 404 as
 * if it did not exist.
 */
@RestController
@RequestMapping("/api/tokens")
@Tag(name = "tokens")
public class TokensApi {

	private final ApiTokenStore tokens;

	private final ConnectorRegistry schools;

	public TokensApi(ApiTokenStore tokens, ConnectorRegistry schools) {
		this.tokens = tokens;
		this.schools = schools;
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
	@Operation(summary = "Make an API token with a role and schools; the answer holds the token, shown this once")
	public MadeToken create(Authentication user, @RequestBody NewToken wanted) {
		SchoolScope scope = SchoolScope.of(user);
		List<String> asked = (wanted.schools() == null) ? List.of() : wanted.schools();
		for (String school : asked) {
			String id = (school == null) ? "" : school.trim();
			if (id.equals(SchoolScope.ALL) ? !scope.all() : !scope.allows(id)) {
				SecurityEvents.outOfScope(scope, id);
				throw new IllegalArgumentException("schools: '" + id + "' is not among your schools");
			}
			if (!id.equals(SchoolScope.ALL) && this.schools.find(id).isEmpty()) {
				throw new IllegalArgumentException("schools: no school '" + id + "'");
			}
		}
		ApiTokenStore.Created made = this.tokens.create(wanted.name(), wanted.role(), asked, user.getName());
		SecurityEvents.tokenCreated(made.token());
		return new MadeToken(made.token(), made.secret());
	}

	@GetMapping
	@Operation(summary = "The API tokens within your schools, newest first, revoked ones too (never the token)")
	public List<ApiToken> list(Authentication user) {
		SchoolScope scope = SchoolScope.of(user);
		return this.tokens.all().stream().filter((token) -> within(scope, token)).toList();
	}

	@PostMapping("/{id}/revoke")
	@Operation(summary = "Revoke an API token: every request with it is refused (401) from now on")
	public ApiToken revoke(Authentication user, @PathVariable long id) {
		SchoolScope scope = SchoolScope.of(user);
		ApiToken token = this.tokens.find(id)
			.filter((found) -> within(scope, found))
			.orElseThrow(() -> new NotFoundException("no API token " + id));
		if (!this.tokens.revoke(id, user.getName())) {
			ApiToken earlier = this.tokens.find(id).orElse(token);
			throw new ConflictException(
					"API token " + id + " was revoked at " + earlier.revokedAt() + " by " + earlier.revokedBy());
		}
		SecurityEvents.tokenRevoked(token, user.getName());
		return this.tokens.find(id).orElseThrow();
	}

	private static boolean within(SchoolScope scope, ApiToken token) {
		return scope.all()
				|| (!token.schools().contains(SchoolScope.ALL) && token.schools().stream().allMatch(scope::allows));
	}

}
