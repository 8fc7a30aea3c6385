package org.attendancebridge.network;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.function.Consumer;

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

	private final Consumer<Socket> used;

	public GuardedTlsSockets(SSLSocketFactory tls, AddressGuard guard) {
		this(tls, guard, (socket) -> {
		});
	}

	/**
	 * @param used told of a plain socket each time a thread reads from it or writes to it
	 * (a kept-alive one serves several threads in turn): closing it cuts that thread's
	 * request off at once, without waiting for the locks of the streams layered on it
	 */
	public GuardedTlsSockets(SSLSocketFactory tls, AddressGuard guard, Consumer<Socket> used) {
		this.tls = tls;
		this.guard = guard;
		this.used = used;
	}

	/** Unconnected: the connection connects it, past the guard. */
	@Override
	public Socket createSocket() {
		return new GuardedSocket(this.guard, this.used);
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

	/**
	 * A plain socket that checks the address it is about to connect to, and says which
	 * thread uses it.
	 */
	private static final class GuardedSocket extends Socket {

		private final AddressGuard guard;

		private final Consumer<Socket> used;

		GuardedSocket(AddressGuard guard, Consumer<Socket> used) {
			this.guard = guard;
			this.used = used;
		}

		@Override
		public InputStream getInputStream() throws IOException {
			return new FilterInputStream(super.getInputStream()) {

				@Override
				public int read() throws IOException {
					GuardedSocket.this.used.accept(GuardedSocket.this);
					return super.read();
				}

				@Override
				public int read(byte[] bytes, int offset, int length) throws IOException {
					GuardedSocket.this.used.accept(GuardedSocket.this);
					return super.read(bytes, offset, length);
				}

			};
		}

		@Override
		public OutputStream getOutputStream() throws IOException {
			OutputStream out = super.getOutputStream();
			return new FilterOutputStream(out) {

				@Override
				public void write(int b) throws IOException {
					GuardedSocket.this.used.accept(GuardedSocket.this);
					out.write(b);
				}

				@Override
				public void write(byte[] bytes, int offset, int length) throws IOException {
					GuardedSocket.this.used.accept(GuardedSocket.this);
					out.write(bytes, offset, length);
				}

			};
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
