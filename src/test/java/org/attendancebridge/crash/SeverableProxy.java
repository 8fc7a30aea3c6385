package org.attendancebridge.crash;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between the adapter and PostgreSQL that can cut every
 * connection through it at a chosen statement. It reads what the client sends message by
 * message (PostgreSQL's protocol: a type byte and a length), counts the statements the
 * server is asked to run (Execute, and simple Query), and when the armed count is reached
 * closes every connection, either before that statement reaches the server or just after
 * (so it may have run, a commit included, while its answer is lost). New connections are
 * refused for a short outage after each cut, then let through again.
 */
final class SeverableProxy implements AutoCloseable {

	/** Where a cut falls relative to the statement that triggers it. */
	enum Cut {

		/** The statement never reaches the server. */
		BEFORE,
		/** The server has the statement; its answer never reaches the client. */
		AFTER

	}

	private static final int SSL_REQUEST = 80877103;

	private static final int GSS_REQUEST = 80877104;

	private final ServerSocket server;

	private final int upstreamPort;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private final AtomicInteger statements = new AtomicInteger();

	private final AtomicInteger cuts = new AtomicInteger();

	private volatile int cutAt = Integer.MAX_VALUE;

	private volatile Cut cut = Cut.BEFORE;

	private volatile long outageMillis;

	private volatile long refuseUntil;

	SeverableProxy(int upstreamPort) throws IOException {
		this.upstreamPort = upstreamPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "severable-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Cuts every connection at the {@code after}-th statement from now, then refuses new
	 * ones for {@code outageMillis}.
	 */
	synchronized void arm(int after, Cut where, long outageMillis) {
		this.cut = where;
		this.outageMillis = outageMillis;
		this.cutAt = this.statements.get() + after;
	}

	synchronized void disarm() {
		this.cutAt = Integer.MAX_VALUE;
	}

	/** How many times every connection was cut. */
	int cuts() {
		return this.cuts.get();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (System.currentTimeMillis() < this.refuseUntil) {
					client.close();
					continue;
				}
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.upstreamPort);
				this.open.add(client);
				this.open.add(upstream);
				pump("proxy-to-client", () -> copy(upstream.getInputStream(), client.getOutputStream()), client,
						upstream);
				pump("proxy-to-server", () -> messages(client.getInputStream(), upstream.getOutputStream()), client,
						upstream);
			}
			catch (IOException ex) {
				// closed, or the server refused: the client sees its connection fail
			}
		}
	}

	private interface Pump {

		void run() throws IOException;

	}

	private void pump(String name, Pump pump, Socket client, Socket upstream) {
		Thread thread = new Thread(() -> {
			try {
				pump.run();
			}
			catch (IOException ex) {
				// cut, or closed by either side
			}
			finally {
				close(client);
				close(upstream);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void copy(InputStream in, OutputStream out) throws IOException {
		byte[] buffer = new byte[16 * 1024];
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			out.write(buffer, 0, n);
			out.flush();
		}
	}

	/** The client's side, message by message: the start-up ones untyped, then typed. */
	private void messages(InputStream client, OutputStream server) throws IOException {
		DataInputStream in = new DataInputStream(client);
		boolean started = false;
		while (true) {
			byte type = 0;
			if (started) {
				type = in.readByte();
			}
			int length = in.readInt();
			byte[] body = new byte[length - 4];
			in.readFully(body);
			if (!started) {
				int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8)
						| (body[3] & 0xff);
				started = code != SSL_REQUEST && code != GSS_REQUEST;
			}
			boolean statement = type == 'E' || type == 'Q';
			boolean cutNow = statement && this.statements.incrementAndGet() == this.cutAt;
			if (cutNow && this.cut == Cut.BEFORE) {
				severAll();
				return;
			}
			if (type != 0) {
				server.write(type);
			}
			server.write(length >>> 24);
			server.write(length >>> 16);
			server.write(length >>> 8);
			server.write(length);
			server.write(body);
			server.flush();
			if (cutNow) {
				// Time for the server to read and run it before its connection goes.
				pause(20);
				severAll();
				return;
			}
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private synchronized void severAll() {
		this.cutAt = Integer.MAX_VALUE;
		this.refuseUntil = System.currentTimeMillis() + this.outageMillis;
		this.cuts.incrementAndGet();
		for (Socket socket : this.open) {
			close(socket);
		}
	}

	private void close(Socket socket) {
		this.open.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.open) {
			close(socket);
		}
	}

}
