package org.attendancebridge.action.sms;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

import org.attendancebridge.network.PrivateNetworkSetting;
import uk.gov.service.notify.TimedNotificationClient;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SMS channel ({@code attendance-bridge.sms.*}): the Notify-shaped gateway and the
 * rules texts keep. The API key comes from the environment ({@code NOTIFY_API_KEY}) and
 * is kept out of {@link #toString()}.
 *
 * @param apiKey the gateway's API key ({@code name-serviceid-secret}); blank turns the
 * channel off
 * @param baseUrl the gateway's base URL ({@code NOTIFY_BASE_URL})
 * @param templateId the gateway template every text is sent with, whose body is
 * {@code ((body))}: the text itself, rendered from {@code policies/templates/} in the
 * family's language ({@code NOTIFY_TEMPLATE_ID})
 * @param timeout the longest one text's delivery may take, its look-up (after an earlier
 * attempt) and its send together: a connection still open then is closed, so a send cut
 * off, like one whose answer timed out, is IN_DOUBT; a text is started only while its
 * lease outlasts this and the dispatch lease margin
 * @param requestsPerMinute the gateway's limit over any 60 seconds, shared by every
 * instance (Notify's is 3,000)
 * @param rateMargin how much longer than a minute a permit counts against the limit:
 * longer than a permit waits for its request to reach the gateway, and than the gateway's
 * clock may differ from ours
 * @param rateLimitPause how long to hold all texts after a 429 that names no
 * {@code Retry-After}
 * @param quietFrom no texts from this time of day (the school's clock)...
 * @param quietUntil ...until this one, the next morning
 * @param quietExemptRules rules whose texts go in quiet hours too (the first-day text,
 * which goes by its deadline)
 * @param breakerShare the share of a school's roll one run may text before SMS halts for
 * the school (a connector file may set its own)
 * @param callbackToken the bearer token Notify sends with each delivery receipt to
 * {@code /callbacks/notify} ({@code NOTIFY_CALLBACK_TOKEN}); blank turns receipts off
 * @param allowPrivateNetwork whether the gateway may be reached at a private, loopback or
 * link-local address or over plain http: a local mock only
 * ({@code NOTIFY_ALLOW_PRIVATE_NETWORK})
 */
@ConfigurationProperties("attendance-bridge.sms")
public record SmsProperties(@DefaultValue("") String apiKey,
		@DefaultValue("https://api.notifications.service.gov.uk") String baseUrl, @DefaultValue("") String templateId,
		@DefaultValue("10s") Duration timeout, @DefaultValue("3000") int requestsPerMinute,
		@DefaultValue("2s") Duration rateMargin, @DefaultValue("60s") Duration rateLimitPause,
		@DefaultValue("21:00") LocalTime quietFrom, @DefaultValue("07:00") LocalTime quietUntil,
		@DefaultValue("FIRST_DAY") Set<String> quietExemptRules, @DefaultValue("0.2") double breakerShare,
		@DefaultValue("") String callbackToken, @DefaultValue("false") String allowPrivateNetwork) {

	public SmsProperties {
		// Read as validate --online reads it: a value neither true nor false stops the
		// adapter, naming the variable.
		privateNetworkAllowed(allowPrivateNetwork);
		quietExemptRules = Set.copyOf(quietExemptRules);
		if (!(breakerShare > 0 && breakerShare <= 1)) {
			throw new IllegalArgumentException(
					"attendance-bridge.sms.breaker-share is above 0 and at most 1, not " + breakerShare);
		}
	}

	@Override
	public String toString() {
		return "SmsProperties[baseUrl=" + this.baseUrl + ", templateId=" + this.templateId + ", requestsPerMinute="
				+ this.requestsPerMinute + ", allowPrivateNetwork=" + privateNetworkAllowed() + "]";
	}

	/** Whether the gateway may be reached at a private address or over plain http. */
	public boolean privateNetworkAllowed() {
		return privateNetworkAllowed(this.allowPrivateNetwork);
	}

	private static boolean privateNetworkAllowed(String value) {
		return PrivateNetworkSetting.parse(TimedNotificationClient.ALLOW_PRIVATE, value);
	}

}
