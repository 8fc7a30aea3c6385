package org.attendancebridge.connector;

import java.util.function.UnaryOperator;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Looks up a connection's secrets by the environment variable names its connector file
 * gives. Spring's environment is searched, so the demo profile can supply the mock's demo
 * credentials as settings of the same names. Values are never logged or kept.
 */
@Component
public class Credentials {

	private final UnaryOperator<String> variables;

	@Autowired
	public Credentials(Environment environment) {
		this(environment::getProperty);
	}

	/**
	 * @param variables looks a variable up by name, null when unset (the CLI, without
	 * Spring, reads the process environment)
	 */
	public Credentials(UnaryOperator<String> variables) {
		this.variables = variables;
	}

	/** The secret, or an error naming the school, the credential and the variable. */
	public String get(ConnectorConfig school, String credential) {
		String variable = school.credentials().get(credential);
		if (variable == null) {
			throw new IllegalStateException(school.id() + ": no credential '" + credential + "' in " + school.source());
		}
		String value = this.variables.apply(variable);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(school.id() + ": the environment variable " + variable + " (credential '"
					+ credential + "') is not set");
		}
		return value;
	}

}
