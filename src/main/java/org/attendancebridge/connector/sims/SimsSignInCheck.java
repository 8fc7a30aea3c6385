package org.attendancebridge.connector.sims;

import java.time.Clock;

import org.attendancebridge.connector.ConnectorConfig;
import org.attendancebridge.connector.Credentials;
import org.attendancebridge.connector.MisHttp;
import org.attendancebridge.connector.MisHttpException;
import org.attendancebridge.connector.SignInCheck;

/**
 * SIMS: a client-credentials token from {@code connect/token}, then the school's code
 * table (no pupil data) with the token and the subscription key. A token refused names
 * the client id and secret (and, for a 401, the subscription key, which the gateway in
 * front may check first); a code table refused with a fresh token names the subscription
 * key.
 */
public final class SimsSignInCheck implements SignInCheck {

	private static final String TOKEN_PATH = "connect/token";

	@Override
	public Result check(MisHttp http, ConnectorConfig school, Credentials credentials, Clock clock) {
		SimsToken token = new SimsToken(http, school.id(), credentials.get(school, "clientId"),
				credentials.get(school, "clientSecret"), credentials.get(school, "subscriptionKey"), clock);
		try {
			token.renew();
		}
		catch (MisHttpException ex) {
			if (ex.status() == 400) {
				return Result.refused(school, "400", TOKEN_PATH, "clientId", "clientSecret");
			}
			return SignInCheck.answer(ex, school, TOKEN_PATH, "clientId", "clientSecret", "subscriptionKey");
		}
		try {
			new SimsClient(http, token, school, null).codeTable();
			return Result.signedIn("signed in; token issued and code table read");
		}
		catch (MisHttpException ex) {
			return SignInCheck.answer(ex, school, "AttendanceCodes", "subscriptionKey");
		}
	}

}
