package org.attendancebridge.action.cpoms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.attendancebridge.network.PrivateNetworkSetting;

/**
 * Where CPOMS is and how to reach it, from the environment only.
 *
 * @param baseUrl {@code CPOMS_BASE_URL}, e.g. {@code https://school.cpoms.net}; blank
 * when the school does not use CPOMS (every concern then fails, naming the variable)
 * @param apiToken {@code CPOMS_API_TOKEN}, sent as {@code Authorization: Token ...}
 * @param alertUserIds {@code CPOMS_ALERT_USER_IDS}: the CPOMS user ids of the DSL and
 * deputies, alerted on every concern (comma-separated)
 * @param timeout {@code CPOMS_TIMEOUT_SECONDS} (default 10): the longest one delivery's
 * requests may take together before they are aborted (the channel's request timeout)
 * @param allowPrivateNetwork {@code CPOMS_ALLOW_PRIVATE_NETWORK} (default false): whether
 * CPOMS may be reached at a private, loopback or link-local address or over plain http (a
 * local mock only)
 */
public record CpomsSettings(String baseUrl, String apiToken, List<Integer> alertUserIds, Duration timeout,
		boolean allowPrivateNetwork) {

	public CpomsSettings {
		baseUrl = (baseUrl == null || baseUrl.isBlank()) ? null : baseUrl.replaceAll("/+$", "");
		alertUserIds = List.copyOf(alertUserIds);
	}

	/** Reads the settings as the environment variables hold them. */
	public static CpomsSettings of(String baseUrl, String apiToken, String alertUserIds, String timeoutSeconds,
			String allowPrivateNetwork) {
		List<Integer> ids = new ArrayList<>();
		for (String id : (alertUserIds == null) ? new String[0] : alertUserIds.split(",")) {
			if (!id.isBlank()) {
				try {
					ids.add(Integer.parseInt(id.trim()));
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException(
							"CPOMS_ALERT_USER_IDS: '" + id.trim() + "' is not a CPOMS user id (a whole number)");
				}
			}
		}
		int seconds;
		try {
			seconds = (timeoutSeconds == null || timeoutSeconds.isBlank()) ? 10
					: Integer.parseInt(timeoutSeconds.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("CPOMS_TIMEOUT_SECONDS: '" + timeoutSeconds + "' is not a number");
		}
		return new CpomsSettings(baseUrl, apiToken, ids, Duration.ofSeconds(seconds),
				PrivateNetworkSetting.parse(CpomsClient.ALLOW_PRIVATE, allowPrivateNetwork));
	}

	public boolean configured() {
		return this.baseUrl != null && this.apiToken != null && !this.apiToken.isBlank();
	}

	@Override
	public String toString() {
		return "CpomsSettings[baseUrl=" + this.baseUrl + ", alertUserIds=" + this.alertUserIds + ", timeout="
				+ this.timeout + ", allowPrivateNetwork=" + this.allowPrivateNetwork + "]";
	}

}
