package org.attendancebridge.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Every request the adapter sends to a MIS through Camel's http component, as it leaves:
 * method, path, query and headers, by endpoint (a school's base URL). The floor sends the
 * same requests again. Kept in memory only, never printed: the headers hold credentials.
 */
final class PageLog extends EventNotifierSupport implements CamelContextConfiguration {

	/** One request as it was sent. */
	record Page(String method, String path, String query, Map<String, String> headers) {
	}

	private final Map<String, List<Page>> byEndpoint = new ConcurrentHashMap<>();

	private final AtomicLong count = new AtomicLong();

	PageLog() {
		setIgnoreCamelContextEvents(true);
		setIgnoreRouteEvents(true);
		setIgnoreServiceEvents(true);
		setIgnoreExchangeCreatedEvent(true);
		setIgnoreExchangeCompletedEvent(true);
		setIgnoreExchangeFailedEvents(true);
		setIgnoreExchangeRedeliveryEvents(true);
		setIgnoreExchangeSentEvents(true);
		setIgnoreStepEvents(true);
	}

	@Override
	public void beforeApplicationStart(CamelContext camelContext) {
		camelContext.getManagementStrategy().addEventNotifier(this);
	}

	@Override
	public void afterApplicationStart(CamelContext camelContext) {
	}

	@Override
	public boolean isEnabled(CamelEvent event) {
		return event instanceof CamelEvent.ExchangeSendingEvent;
	}

	@Override
	public void notify(CamelEvent event) {
		CamelEvent.ExchangeSendingEvent sending = (CamelEvent.ExchangeSendingEvent) event;
		String uri = sending.getEndpoint().getEndpointUri();
		if (!uri.startsWith("http")) {
			return;
		}
		int query = uri.indexOf('?');
		String endpoint = (query < 0) ? uri : uri.substring(0, query);
		Message in = sending.getExchange().getIn();
		Map<String, String> headers = new HashMap<>();
		in.getHeaders().forEach((name, value) -> {
			if (!name.startsWith("Camel") && value != null) {
				headers.put(name, value.toString());
			}
		});
		Page page = new Page(in.getHeader(Exchange.HTTP_METHOD, "GET", String.class),
				in.getHeader(Exchange.HTTP_PATH, String.class), in.getHeader(Exchange.HTTP_QUERY, String.class),
				Map.copyOf(headers));
		this.byEndpoint.computeIfAbsent(endpoint, (e) -> java.util.Collections.synchronizedList(new ArrayList<>()))
			.add(page);
		this.count.incrementAndGet();
	}

	/** The requests sent to one base URL so far, in order. */
	List<Page> pages(String baseUrl) {
		List<Page> pages = this.byEndpoint.get(baseUrl);
		if (pages == null) {
			return List.of();
		}
		synchronized (pages) {
			return List.copyOf(pages);
		}
	}

	/** Requests sent since the start or the last {@link #clear()}. */
	long count() {
		return this.count.get();
	}

	void clear() {
		this.byEndpoint.clear();
		this.count.set(0);
	}

}
