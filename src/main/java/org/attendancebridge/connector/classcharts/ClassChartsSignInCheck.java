package org.attendancebridge.connector.classcharts;

import java.time.Clock;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.Credentials;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.SignInCheck;

/**
 * Class Charts: a session login with the school's API user, then the school's attendance
 * codes (no pupil data) with the session. Class Charts refuses a login inside a 200 body,
 * with its reason.
 */
public final class ClassChartsSignInCheck implements SignInCheck {

	private static final String LOGIN = "login";

	@Override
	public Result check(MisHttp http, ConnectorConfig school, Credentials credentials, Clock clock) {
		ClassChartsSession session = new ClassChartsSession(http, school.id(), credentials.get(school, "username"),
				credentials.get(school, "password"));
		try {
			session.renew();
		}
		catch (MisHttpException ex) {
			if (ex.status() == 200) {
				return Result.refused(school,
						"login refused (" + ex.getMessage().replaceFirst("^.*refused: ", "") + ")", LOGIN, "username",
						"password");
			}
			return SignInCheck.answer(ex, school, LOGIN, "username", "password");
		}
		String path = "attendance/codes";
		try {
			int codes = session.get(path, null).path("data").size();
			return Result.signedIn("signed in; " + codes + " attendance codes read");
		}
		catch (MisHttpException ex) {
			return SignInCheck.answer(ex, school, path, "username", "password");
		}
	}

}
