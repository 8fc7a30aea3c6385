package org.attendancebridge.web.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The schools whose data a user may see, carried as authorities ({@code SCHOOL:st-johns},
 * or {@code SCHOOL:*} for every school) so that form login and HTTP Basic give the same
 * scope.
 */
public record SchoolScope(String user, boolean all, Set<String> schools) {

	static final String PREFIX = "SCHOOL:";

	static final String ALL = "all";

	public SchoolScope {
		schools = Set.copyOf(schools);
	}

	static GrantedAuthority authority(String school) {
		return new SimpleGrantedAuthority(PREFIX + (ALL.equals(school) ? "*" : school));
	}

	public static SchoolScope of(Authentication authentication) {
		Set<String> schools = new HashSet<>();
		boolean all = false;
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			String authority = granted.getAuthority();
			if (authority.equals(PREFIX + "*")) {
				all = true;
			}
			else if (authority.startsWith(PREFIX)) {
				schools.add(authority.substring(PREFIX.length()));
			}
		}
		return new SchoolScope(authentication.getName(), all, schools);
	}

	public boolean allows(String school) {
		return this.all || this.schools.contains(school);
	}

	/** The schools among {@code ids} the user may see. */
	public List<String> filter(Collection<String> ids) {
		return ids.stream().filter(this::allows).toList();
	}

	/** For queries: null means every school. */
	public Set<String> schoolsOrNullForAll() {
		return this.all ? null : this.schools;
	}

	public static boolean hasRole(Authentication authentication, String... roles) {
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			for (String role : roles) {
				if (granted.getAuthority().equals("ROLE_" + role)) {
					return true;
				}
			}
		}
		return false;
	}

}
