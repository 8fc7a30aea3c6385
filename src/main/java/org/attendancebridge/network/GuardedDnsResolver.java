package org.attendancebridge.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient's name lookup, each answer checked by an {@link AddressGuard} as the
 * connection is made: a name that resolved to a public address when the settings were
 * read and to a private one now (DNS rebinding) is refused all the same.
 */
public final class GuardedDnsResolver implements DnsResolver {

	private final AddressGuard guard;

	private final DnsResolver names;

	/**
	 * @param names the lookup to check (the system's own, or a test's)
	 */
	public GuardedDnsResolver(AddressGuard guard, DnsResolver names) {
		this.guard = guard;
		this.names = names;
	}

	public GuardedDnsResolver(AddressGuard guard) {
		this(guard, SystemDefaultDnsResolver.INSTANCE);
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		return this.guard.check(host, this.names.resolve(host));
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return this.names.resolveCanonicalHostname(host);
	}

	/**
	 * A connection pool whose every connection is looked up through this resolver, sized
	 * as Camel's http component sizes its own. It replaces the component's pool, so it
	 * carries the timeouts the component would have set on that pool: opening a
	 * connection, and waiting between bytes of an answer.
	 */
	public HttpClientConnectionManager connections(Duration connect, Duration read) {
		return PoolingHttpClientConnectionManagerBuilder.create()
			.setDnsResolver(this)
			.setMaxConnTotal(200)
			.setMaxConnPerRoute(20)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(connect))
				.setSocketTimeout(Timeout.of(read))
				.build())
			.build();
	}

	/**
	 * A connection pool whose every connection is looked up through this resolver, opened
	 * and read with the timeout given.
	 */
	public HttpClientConnectionManager connections(Duration timeout) {
		return PoolingHttpClientConnectionManagerBuilder.create()
			.setDnsResolver(this)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(timeout))
				.setSocketTimeout(Timeout.of(timeout))
				.build())
			.build();
	}

}
