package org.attendancebridge.web.dashboard;

import org.attendancebridge.web.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The dashboard's pages answer a school, pupil or record the user may not see (or that
 * does not exist) with the same page, naming what was asked for.
 */
@ControllerAdvice(basePackageClasses = DashboardErrors.class)
public class DashboardErrors {

	@ExceptionHandler(NotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	public String notFound(NotFoundException ex, Model model) {
		model.addAttribute("message", ex.getMessage());
		return "not-found";
	}

}
