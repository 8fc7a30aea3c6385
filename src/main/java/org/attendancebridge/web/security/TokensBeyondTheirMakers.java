package org.attendancebridge.web.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Working tokens that could do more than whoever made them: a role its maker does not
 * hold, or a maker who is no longer configured. A token made before a token's role had to
 * be its maker's (a technician's ATTENDANCE_OFFICER token, say) keeps working, so it is
 * pointed out rather than silently honoured or silently revoked: in the log as the
 * adapter starts, and on the tokens page. Tokens made on the command line are not:
 * whoever runs the server may give any role.
 */
@Component
public class TokensBeyondTheirMakers {

	private static final Logger log = LoggerFactory.getLogger(TokensBeyondTheirMakers.class);

	private final ApiTokenStore tokens;

	private final UserProperties users;

	public TokensBeyondTheirMakers(ApiTokenStore tokens, UserProperties users) {
		this.tokens = tokens;
		this.users = users;
	}

	/** Why the token goes beyond its maker, if it does. */
	public Optional<String> why(ApiToken token) {
		if (token.revoked() || ApiTokenStore.COMMAND_LINE.equals(token.createdBy())) {
			return Optional.empty();
		}
		Optional<UserProperties.User> maker = this.users.users()
			.stream()
			.filter((user) -> token.createdBy().equals(user.name()))
			.findFirst();
		if (maker.isEmpty()) {
			return Optional.of("its maker " + token.createdBy() + " is no longer a configured user");
		}
		boolean held = maker.get().roles().stream().anyMatch((role) -> role.trim().equals(token.role().name()));
		return held ? Optional.empty()
				: Optional.of("its maker " + token.createdBy() + " does not hold " + token.role());
	}

	/** Every such token among these, by id, with why. */
	public Map<Long, String> among(List<ApiToken> listed) {
		Map<Long, String> beyond = new LinkedHashMap<>();
		listed.forEach((token) -> why(token).ifPresent((reason) -> beyond.put(token.id(), reason)));
		return beyond;
	}

	/**
	 * Logs each working token that goes beyond its maker (names and roles, no secret).
	 */
	@EventListener(ApplicationReadyEvent.class)
	public void report() {
		List<ApiToken> all = this.tokens.all();
		among(all).forEach((id, reason) -> {
			ApiToken token = all.stream().filter((t) -> t.id() == id).findFirst().orElseThrow();
			log.warn("API token {} '{}' has role {} but {}: revoke it and make it again (a token may have only "
					+ "a role its maker holds)", id, token.name(), token.role(), reason);
		});
	}

}
