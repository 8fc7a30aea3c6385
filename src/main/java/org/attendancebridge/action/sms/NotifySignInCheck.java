package org.attendancebridge.action.sms;

import java.time.Duration;

import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.TimedNotificationClient;

import org.attendancebridge.connector.SignInCheck.Result;

/**
 * Whether the SMS gateway takes the adapter's API key: texts are listed by a reference
 * none of ours has (nothing is sent), with the token the official client signs, as the
 * channel looks a text up before any resend.
 */
public final class NotifySignInCheck {

	static final String PATH = "/v2/notifications";

	private NotifySignInCheck() {
	}

	/**
	 * @throws NotificationClientException with status 0 when the gateway gave no answer
	 * @throws IllegalArgumentException when the key is not a Notify API key at all
	 */
	public static Result check(String apiKey, String baseUrl, Duration timeout, boolean allowPrivateNetwork)
			throws NotificationClientException {
		TimedNotificationClient client;
		try {
			client = new TimedNotificationClient(apiKey, baseUrl, timeout, allowPrivateNetwork);
		}
		catch (RuntimeException ex) {
			// The client's message could quote the key: name only the variable.
			throw new IllegalArgumentException("NOTIFY_API_KEY is not a Notify API key (name-serviceid-secretkey)");
		}
		try {
			client.getNotifications(null, "sms", "ab-validate-online", null);
			return Result.signedIn("signed in; texts can be looked up");
		}
		catch (NotificationClientException ex) {
			int status = ex.getHttpResult();
			if (status == 0) {
				throw ex;
			}
			if (status == 401 || status == 403) {
				// Notify refuses a token signed more than 30 s from its own clock, too.
				return new Result(false,
						status + " from " + PATH + ": check NOTIFY_API_KEY (and that this machine's clock is right)");
			}
			return Result.failed(status, PATH);
		}
	}

}
