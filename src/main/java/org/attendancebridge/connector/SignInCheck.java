package org.attendancebridge.connector;

import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Signs in to one kind of MIS exactly as its connector does, and makes one request that
 * reads no pupil data, so that {@code validate --online} can tell an IT technician
 * whether the school's credentials work before the first poll. A request that gets no
 * answer at all throws {@link MisHttpException} with status 0.
 */
public interface SignInCheck {

	/**
	 * What signing in gave.
	 *
	 * @param authenticated whether the MIS took the credentials
	 * @param detail what was read, or what was refused and which setting to check
	 */
	record Result(boolean authenticated, String detail) {

		public static Result signedIn(String detail) {
			return new Result(true, detail);
		}

		/**
		 * Refused: names the status, the path and the environment variables (never their
		 * values) that hold the credentials to check.
		 */
		public static Result refused(ConnectorConfig school, String answer, String path, String... credentials) {
			String variables = Arrays.stream(credentials)
				.map((credential) -> school.credentials().get(credential))
				.filter(Objects::nonNull)
				.collect(Collectors.joining(" and "));
			return new Result(false, answer + " from " + path + ": check " + variables);
		}

		/**
		 * The system answered, but with an error that says nothing of the credentials.
		 */
		public static Result failed(int status, String path) {
			return new Result(false, "HTTP " + status + " from " + path
					+ ((status >= 500) ? ": the service is failing, try again later" : ": unexpected answer"));
		}

	}

	/**
	 * What a failed request says about the sign-in: a 401 or 403 is a refusal naming the
	 * credentials to check, any other status an answer that is not about them; no answer
	 * at all is thrown on, for the caller to say why.
	 */
	static Result answer(MisHttpException ex, ConnectorConfig school, String path, String... credentials) {
		if (ex.status() == 0) {
			throw ex;
		}
		if (ex.status() == 401 || ex.status() == 403) {
			return Result.refused(school, String.valueOf(ex.status()), path, credentials);
		}
		return Result.failed(ex.status(), path);
	}

	/**
	 * @param http HTTP to the school's base URL, one try per request
	 * @param credentials the school's secrets, looked up as the connector does
	 */
	Result check(MisHttp http, ConnectorConfig school, Credentials credentials, Clock clock);

}
