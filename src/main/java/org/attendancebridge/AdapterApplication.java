package org.attendancebridge;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The long-running adapter: connectors, evaluation and dispatch under Spring and Camel.
 */
@SpringBootApplication
public class AdapterApplication {

}
