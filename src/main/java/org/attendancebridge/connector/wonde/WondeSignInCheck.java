package org.attendancebridge.connector.wonde;

import java.time.Clock;
import java.util.Map;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.Credentials;
import org.attendancebridge.connector.MisAuth;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.SignInCheck;

/**
 * Wonde: the school's bearer token, tried on its attendance codes (no pupil data).
 */
public final class WondeSignInCheck implements SignInCheck {

	private static final String PATH = "attendance-codes";

	@Override
	public Result check(MisHttp http, ConnectorConfig school, Credentials credentials, Clock clock) {
		MisAuth auth = MisAuth.bearer(credentials.get(school, "token"));
		try {
			int codes = new WondeClient(http, auth, school.id()).list(PATH, Map.of()).size();
			return Result.signedIn("signed in; " + codes + " attendance codes read");
		}
		catch (MisHttpException ex) {
			return SignInCheck.answer(ex, school, PATH, "token");
		}
	}

}
