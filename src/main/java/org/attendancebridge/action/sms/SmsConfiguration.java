package org.attendancebridge.action.sms;

import java.time.Clock;
import java.util.UUID;

import uk.gov.service.notify.TimedNotificationClient;

import org.attendancebridge.adapter.PolicyCatalog;
import org.attendancebridge.connector.ConnectorRegistry;
import org.attendancebridge.policy.TemplateCatalog;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The SMS channel, when a gateway API key is set ({@code NOTIFY_API_KEY}); without one no
 * text is sent and SMS actions wait PENDING.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
@ConditionalOnExpression("!'${attendance-bridge.sms.api-key:}'.isBlank()")
public class SmsConfiguration {

	@Bean
	GatewayRateLimit notifyRateLimit(SmsProperties settings, NamedParameterJdbcTemplate jdbc, Clock clock,
			PlatformTransactionManager transactions) {
		return new GatewayRateLimit("notify", settings.requestsPerMinute(), settings.rateMargin(), jdbc, clock,
				transactions);
	}

	@Bean
	public SmsBreaker smsBreaker(SmsProperties settings, NamedParameterJdbcTemplate jdbc, SmsRecipients recipients,
			ConnectorRegistry schools, Clock clock) {
		return new SmsBreaker(jdbc, recipients, schools, settings.breakerShare(), clock);
	}

	@Bean
	SmsPacing smsPacing(GatewayRateLimit rate, SmsBreaker breaker, ConnectorRegistry schools, SmsProperties settings) {
		return new SmsPacing(rate, breaker, schools, settings);
	}

	@Bean
	SmsChannel smsChannel(SmsProperties settings, SmsRecipients recipients, PolicyCatalog policies,
			ConnectorRegistry schools, GatewayRateLimit rate, Clock clock) {
		try {
			UUID.fromString(settings.templateId());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("attendance-bridge.sms.template-id (NOTIFY_TEMPLATE_ID) is '"
					+ settings.templateId() + "', not the id of a gateway template whose body is ((body))");
		}
		TimedNotificationClient client;
		try {
			client = new TimedNotificationClient(settings.apiKey(), settings.baseUrl(), settings.timeout(),
					settings.privateNetworkAllowed());
		}
		catch (RuntimeException ex) {
			// The client's message could quote the key: name only the setting.
			throw new IllegalStateException("NOTIFY_API_KEY is not a Notify API key (name-serviceid-secretkey)");
		}
		TemplateCatalog templates = TemplateCatalog.load(policies.folder().resolve("templates"));
		return new SmsChannel(client, recipients, new SmsMessages(templates), schools, rate, settings, clock);
	}

}
