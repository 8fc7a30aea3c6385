package org.attendancebridge.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets for {@code HttpsURLConnection} (which has no name lookup to replace) whose
 * plain connection is checked by an {@link AddressGuard} at the moment it is made: the
 * connection asks for an unconnected socket, connects it to the address the host resolved
 * to just then, and only afterwards is TLS layered on top. Plain http passes no such
 * hook, so the guard refuses it unless private addresses are allowed.
 */
public final class GuardedTlsSockets extends SSLSocketFactory {

	private final SSLSocketFactory tls;

	private final AddressGuard guard;

	public GuardedTlsSockets(SSLSocketFactory tls, AddressGuard guard) {
		this.tls = tls;
		this.guard = guard;
	}

	/** Unconnected: the connection connects it, past the guard. */
	@Override
	public Socket createSocket() {
		return new GuardedSocket(this.guard);
	}

	/** TLS over a socket already connected (and so checked). */
	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		return this.tls.createSocket(socket, host, port, autoClose);
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), host);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return connected(new InetSocketAddress(host, port), host);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), host.getHostName());
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connected(new InetSocketAddress(address, port), address.getHostName());
	}

	private Socket connected(InetSocketAddress address, String host) throws IOException {
		Socket plain = createSocket();
		plain.connect(address);
		return this.tls.createSocket(plain, host, address.getPort(), true);
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.tls.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.tls.getSupportedCipherSuites();
	}

	/** A plain socket that checks the address it is about to connect to. */
	private static final class GuardedSocket extends Socket {

		private final AddressGuard guard;

		GuardedSocket(AddressGuard guard) {
			this.guard = guard;
		}

		@Override
		public void connect(SocketAddress endpoint, int timeout) throws IOException {
			if (endpoint instanceof InetSocketAddress address && address.getAddress() != null) {
				try {
					this.guard.check(address.getHostString(), address.getAddress());
				}
				catch (AddressRefused ex) {
					close();
					throw ex;
				}
			}
			super.connect(endpoint, timeout);
		}

	}

}
