package org.attendancebridge;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;

/**
 * The long-running adapter: connectors, evaluation and dispatch under Spring and Camel.
 * Spring Boot's own Quartz scheduler is left out (the mail starter brings the classes it
 * looks for): camel-quartz keeps its scheduler, clustered on PostgreSQL when asked, and a
 * second, in-memory one would be handed to Camel in its place.
 */
@SpringBootApplication(exclude = QuartzAutoConfiguration.class)
public class AdapterApplication {

}
