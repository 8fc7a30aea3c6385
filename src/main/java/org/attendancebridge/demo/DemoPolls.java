package org.attendancebridge.demo;

import org.apache.camel.ProducerTemplate;
import org.attendancebridge.connector.ConnectorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Sends every enabled school's sync route a poll, as the register-time trigger would;
 * called by routes/demo.yaml on the simulated clock, whose route starts only in the demo.
 */
@Component("demoPolls")
public class DemoPolls {

	private static final Logger log = LoggerFactory.getLogger(DemoPolls.class);

	private final ConnectorRegistry registry;

	private final ProducerTemplate camel;

	public DemoPolls(ConnectorRegistry registry, ProducerTemplate camel) {
		this.registry = registry;
		this.camel = camel;
	}

	public void pollAll() {
		this.registry.enabled().forEach((school) -> {
			try {
				this.camel.sendBodyAndHeaders("direct:sync-" + school.id(), null,
						java.util.Map.of("school", school.id(), "mode", "REGISTER"));
			}
			catch (RuntimeException ex) {
				log.warn("Demo poll of {} failed: {}", school.id(), ex.getMessage());
			}
		});
	}

}
