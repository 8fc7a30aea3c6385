package org.attendancebridge.logging;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.UnitOfWorkHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Poll and dispatch ids of two instances sharing the work: each counts its own polls, and
 * still no id of one is ever an id of the other.
 */
class RouteCorrelationTests {

	private static final CamelContext CAMEL = new DefaultCamelContext();

	@AfterAll
	static void stop() {
		CAMEL.stop();
	}

	/**
	 * The ids one instance gives {@code count} polls of a school, each seen while in
	 * force.
	 */
	private static List<String> polls(RouteCorrelation instance, String school, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Exchange exchange = new DefaultExchange(CAMEL);
			exchange.getMessage().setHeader("school", school);
			instance.poll(exchange);
			ids.add(Correlation.current());
			UnitOfWorkHelper.doneSynchronizations(exchange, exchange.getExchangeExtension().handoverCompletions());
			assertThat(Correlation.current()).as("nothing left once the poll is done").isNull();
		}
		return ids;
	}

	@Test
	void twoInstancesNeverLogTheSamePollId() {
		RouteCorrelation one = new RouteCorrelation();
		RouteCorrelation two = new RouteCorrelation();
		assertThat(one.instance()).matches("[0-9a-f]{6}").isNotEqualTo(two.instance());

		List<String> first = polls(one, "st-johns", 3);
		List<String> second = polls(two, "st-johns", 3);

		assertThat(first).containsExactly("poll-st-johns-" + one.instance() + "-1",
				"poll-st-johns-" + one.instance() + "-2", "poll-st-johns-" + one.instance() + "-3");
		assertThat(second).last().isEqualTo("poll-st-johns-" + two.instance() + "-3");
		assertThat(first).doesNotContainAnyElementsOf(second);
	}

	@Test
	void aSchoolIdUnfitForAnIdStillGetsAnInstancesOwnId() {
		RouteCorrelation instance = new RouteCorrelation("abc123");
		assertThat(polls(instance, "two words", 1)).containsExactly("poll-abc123-1");
	}

	@Test
	void dispatchRunsCarryTheInstanceToo() {
		RouteCorrelation instance = new RouteCorrelation("abc123");
		Exchange exchange = new DefaultExchange(CAMEL);
		instance.dispatch(exchange);
		assertThat(Correlation.current()).isEqualTo("dispatch-abc123-1");
		UnitOfWorkHelper.doneSynchronizations(exchange, exchange.getExchangeExtension().handoverCompletions());
		assertThat(Correlation.current()).isNull();
	}

}
