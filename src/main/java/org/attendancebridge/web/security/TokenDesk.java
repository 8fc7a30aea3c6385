package org.attendancebridge.web.security;

import java.util.Arrays;
import java.util.List;

import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.web.ConflictException;
import org.attendancebridge.web.ForbiddenException;
import org.attendancebridge.web.NotFoundException;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * An IT technician's work on machines' API tokens, the same on the API and the dashboard.
 * A token can do no more than its maker: its role must be one the maker holds (403
 * otherwise) and its schools within the maker's (400). A technician sees and revokes only
 * tokens within their schools; another answers 404 as if it did not exist. Who may come
 * here at all (a person logged in as IT technician) is {@link SecurityConfiguration}'s to
 * decide; the command line's {@code token create}, run by whoever runs the server, goes
 * to the store directly and may give any role.
 */
@Component
public class TokenDesk {

	private final ApiTokenStore tokens;

	private final ConnectorRegistry schools;

	public TokenDesk(ApiTokenStore tokens, ConnectorRegistry schools) {
		this.tokens = tokens;
		this.schools = schools;
	}

	/** The roles a person may give a token: their own, in the order roles are listed. */
	public static List<Role> rolesOf(Authentication maker) {
		return Arrays.stream(Role.values()).filter((role) -> SchoolScope.hasRole(maker, role.name())).toList();
	}

	/**
	 * Makes a token for {@code maker}. Bad input is an {@link IllegalArgumentException}
	 * naming the field; a role the maker does not hold a {@link ForbiddenException}
	 * naming it.
	 */
	public ApiTokenStore.Created create(Authentication maker, String name, String role, List<String> schools) {
		Role wanted = Role.of(role);
		if (!SchoolScope.hasRole(maker, wanted.name())) {
			SecurityEvents.roleNotHeld(maker.getName(), wanted);
			throw new ForbiddenException("role: you do not hold " + wanted + ", and a token may have only a role "
					+ "its maker holds (yours: " + rolesOf(maker) + ")");
		}
		SchoolScope scope = SchoolScope.of(maker);
		List<String> asked = (schools == null) ? List.of() : schools;
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
		ApiTokenStore.Created made = this.tokens.create(name, wanted.name(), asked, maker.getName());
		SecurityEvents.tokenCreated(made.token());
		return made;
	}

	/** The tokens within the user's schools, newest first, revoked ones too. */
	public List<ApiToken> visible(Authentication user) {
		SchoolScope scope = SchoolScope.of(user);
		return this.tokens.all().stream().filter((token) -> within(scope, token)).toList();
	}

	/**
	 * Revokes a token within the user's schools and answers it as it now stands; a second
	 * revocation is a {@link ConflictException} saying when and by whom the first was.
	 */
	public ApiToken revoke(Authentication user, long id) {
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
