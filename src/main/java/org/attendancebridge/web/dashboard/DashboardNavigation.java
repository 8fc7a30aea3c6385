package org.attendancebridge.web.dashboard;

import org.attendancebridge.web.security.Role;
import org.attendancebridge.web.security.SchoolScope;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every dashboard page's header needs beyond the page itself: whether the user is an
 * IT technician, who alone is shown the link to the API tokens.
 */
@ControllerAdvice(basePackageClasses = DashboardNavigation.class)
public class DashboardNavigation {

	@ModelAttribute("technician")
	public boolean technician(Authentication user) {
		return user != null && SchoolScope.hasRole(user, Role.IT_TECHNICIAN.name());
	}

}
