package org.attendancebridge.action.cpoms;

import java.io.IOException;

import org.attendancebridge.connector.SignInCheck.Result;

/**
 * Whether CPOMS takes the adapter's token: its categories are asked for (no pupil data),
 * as the channel asks before filing a concern.
 */
public final class CpomsSignInCheck {

	static final String PATH = "/api/v1/categories";

	private CpomsSignInCheck() {
	}

	/**
	 * @throws IOException when CPOMS gave no answer
	 */
	public static Result check(CpomsSettings settings) throws IOException {
		CpomsClient.Answer answer;
		try (CpomsClient client = new CpomsClient(settings)) {
			answer = client.categories(client.deadline());
		}
		if (answer.status() == 401 || answer.status() == 403) {
			return new Result(false, answer.status() + " from " + PATH + ": check CPOMS_API_TOKEN");
		}
		if (answer.status() != 200 || answer.json() == null) {
			return Result.failed(answer.status(), PATH);
		}
		return Result.signedIn("signed in; " + answer.json().size() + " categories read");
	}

}
