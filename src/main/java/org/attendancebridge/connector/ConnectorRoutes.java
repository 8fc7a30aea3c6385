package org.attendancebridge.connector;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Instantiates the route templates of {@code routes/poll.yaml} for every enabled school:
 * one sync route, and one Quartz trigger route per schedule (register-time polls, hourly
 * polls, the nightly reconciliation), each trigger named after the school.
 */
@Component
public class ConnectorRoutes implements CamelContextConfiguration {

	/** The Quartz group of the poll triggers: the host part of poll.yaml's quartz URI. */
	public static final String TRIGGER_GROUP = "attendance-bridge";

	private static final Logger log = LoggerFactory.getLogger(ConnectorRoutes.class);

	private final ConnectorRegistry registry;

	private final boolean scheduling;

	/**
	 * @param scheduling false to create the sync routes without their Quartz triggers
	 * (tests, and the demo, which polls on the simulated clock instead)
	 */
	public ConnectorRoutes(ConnectorRegistry registry,
			@Value("${attendance-bridge.scheduling.enabled:true}") boolean scheduling) {
		this.registry = registry;
		this.scheduling = scheduling;
	}

	@Override
	public void beforeApplicationStart(CamelContext camelContext) {
	}

	@Override
	public void afterApplicationStart(CamelContext camelContext) {
		Set<String> scheduled = new HashSet<>();
		for (ConnectorConfig school : this.registry.enabled()) {
			try {
				camelContext.addRouteFromTemplate("sync-" + school.id(), "school-sync", Map.of("school", school.id()));
				for (Trigger trigger : this.scheduling ? triggers(school) : List.<Trigger>of()) {
					scheduled.add(addTrigger(camelContext, school.id(), school.timeZone(), trigger));
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("cannot start the routes of " + school.id() + ": " + ex.getMessage(),
						ex);
			}
			if (this.scheduling) {
				log.info("Scheduled {}: register-time polls {}, hourly {}, nightly {}", school.id(),
						school.schedule().registerCrons(), school.schedule().otherwiseCron(),
						school.schedule().nightlyCron());
			}
		}
		if (!scheduled.isEmpty()) {
			startScheduler(camelContext, scheduled);
		}
	}

	/**
	 * Starts Quartz once every school's trigger route exists. A clustered instance (whose
	 * component does not start Quartz by itself) would otherwise take fires from the
	 * shared triggers before it has the routes to run them, and Camel would drop them; in
	 * memory Quartz has already started. A clustered store keeps the triggers of every
	 * instance that ever ran, so those of a school or schedule no longer configured are
	 * removed first: left there, they would fire on an instance with no route for them.
	 * @param scheduled the names of the triggers this instance schedules
	 */
	public static void startScheduler(CamelContext camelContext, Set<String> scheduled) {
		try {
			Scheduler scheduler = camelContext.getComponent("quartz", QuartzComponent.class).getScheduler();
			if (scheduler.getMetaData().isJobStoreClustered()) {
				for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(TRIGGER_GROUP))) {
					if (!scheduled.contains(key.getName())) {
						scheduler.unscheduleJob(key);
						log.info("Removed the poll trigger {}: no connector schedules it any more", key.getName());
					}
				}
			}
			if (!scheduler.isStarted()) {
				scheduler.start();
			}
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("cannot start the poll scheduler: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Adds the route of one school's Quartz trigger (template {@code poll-trigger}),
	 * which sends each fire to the school's {@code direct:sync-<school>} route.
	 * @return the Quartz trigger's name (in the group {@link #TRIGGER_GROUP})
	 */
	public static String addTrigger(CamelContext camelContext, String school, ZoneId timeZone, Trigger trigger)
			throws Exception {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("school", school);
		parameters.put("trigger", trigger.name());
		parameters.put("cron", trigger.cron().replace(' ', '+'));
		parameters.put("timeZone", timeZone.getId());
		parameters.put("mode", trigger.mode().name());
		camelContext.addRouteFromTemplate("poll-" + school + "-" + trigger.name(), "poll-trigger", parameters);
		return school + "-" + trigger.name();
	}

	/**
	 * A named Quartz trigger of a school.
	 *
	 * @param name the trigger's name within the school
	 * @param cron a Quartz cron expression on the school's clock
	 * @param mode the kind of poll each fire runs
	 */
	public record Trigger(String name, String cron, SyncMode mode) {
	}

	static List<Trigger> triggers(ConnectorConfig school) {
		List<Trigger> triggers = new ArrayList<>();
		List<String> register = school.schedule().registerCrons();
		for (int i = 0; i < register.size(); i++) {
			triggers.add(new Trigger("register-" + (i + 1), register.get(i), SyncMode.REGISTER));
		}
		triggers.add(new Trigger("hourly", school.schedule().otherwiseCron(), SyncMode.HOURLY));
		triggers.add(new Trigger("nightly", school.schedule().nightlyCron(), SyncMode.NIGHTLY));
		return triggers;
	}

}
