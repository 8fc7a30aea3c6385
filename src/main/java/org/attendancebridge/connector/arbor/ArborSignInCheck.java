package org.attendancebridge.connector.arbor;

import java.time.Clock;
import java.util.Map;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.Credentials;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.SignInCheck;

/**
 * Arbor: HTTP Basic with the school's API user, tried on the attendance mark types (the
 * code table, no pupil data). Arbor may refuse inside a 200 body; the client reads that
 * as the status it names.
 */
public final class ArborSignInCheck implements SignInCheck {

	private static final String PATH = "attendance-marks";

	@Override
	public Result check(MisHttp http, ConnectorConfig school, Credentials credentials, Clock clock) {
		MisAuth auth = MisAuth.basic(credentials.get(school, "username"), credentials.get(school, "password"));
		try {
			int marks = new ArborClient(http, auth, school.id()).list(PATH, "attendanceMarks", Map.of()).size();
			return Result.signedIn("signed in; " + marks + " attendance mark types read");
		}
		catch (MisHttpException ex) {
			return SignInCheck.answer(ex, school, PATH, "username", "password");
		}
	}

}
