package org.attendancebridge.action.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A relay on 127.0.0.1 in front of a real SMTP server (the mock's GreenMail) that can
 * spoil one conversation the way networks and servers do: refuse the sender with a 4xx,
 * refuse a recipient with a 5xx, cut the connection once the end of the data has reached
 * the server, before its answer gets back, or hold the server's go-ahead for the data
 * until the test lets it through (a sender hung before it hands its message over), or
 * trickle the server's answer to the end of the data, a byte every few seconds and never
 * the end of its line (a server that took the message and answers too slowly). Without a
 * fault it passes everything through. Each fault spoils the next conversation only.
 */
final class SmtpFaultProxy implements AutoCloseable {

	enum Fault {

		NONE, SENDER_TRY_LATER, RECIPIENT_UNKNOWN, CUT_AFTER_DATA, HOLD_DATA, TRICKLE_ANSWER

	}

	/** The server's go-ahead for the data of one conversation, held. */
	static final class Hold {

		private final CountDownLatch held = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		/** Waits (bounded) until the sender is waiting for the go-ahead. */
		boolean awaitHeld() throws InterruptedException {
			return this.held.await(30, TimeUnit.SECONDS);
		}

		/** Lets the go-ahead through: the sender writes its message. */
		void release() {
			this.released.countDown();
		}

		void hold() {
			this.held.countDown();
			try {
				this.released.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	private final ServerSocket listener;

	private final int serverPort;

	private final AtomicReference<Fault> next = new AtomicReference<>(Fault.NONE);

	private final AtomicReference<Hold> hold = new AtomicReference<>();

	private final Thread acceptor;

	SmtpFaultProxy(int serverPort) throws IOException {
		this.serverPort = serverPort;
		this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::acceptAll, "smtp-fault-proxy");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	int port() {
		return this.listener.getLocalPort();
	}

	/** Spoils the next conversation. */
	void next(Fault fault) {
		this.next.set(fault);
	}

	/** Holds the server's go-ahead for the data of the next conversation. */
	Hold holdNextData() {
		Hold held = new Hold();
		this.hold.set(held);
		next(Fault.HOLD_DATA);
		return held;
	}

	private void acceptAll() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				Fault fault = this.next.getAndSet(Fault.NONE);
				Hold held = (fault == Fault.HOLD_DATA) ? this.hold.getAndSet(null) : null;
				Thread relay = new Thread(() -> relay(client, fault, held), "smtp-fault-relay");
				relay.setDaemon(true);
				relay.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void relay(Socket client, Fault fault, Hold held) {
		try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), this.serverPort)) {
			client.setSoTimeout(90_000);
			server.setSoTimeout(90_000);
			OutputStream toClient = client.getOutputStream();
			OutputStream toServer = server.getOutputStream();
			BufferedReader fromClient = new BufferedReader(
					new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
			ServerReplies replies = new ServerReplies(server.getInputStream(), toClient);
			replies.start();
			boolean inData = false;
			String line;
			while ((line = fromClient.readLine()) != null) {
				String command = line.toUpperCase(Locale.ROOT);
				if (!inData && fault == Fault.SENDER_TRY_LATER && command.startsWith("MAIL FROM")) {
					replies.say("451 4.3.0 Try again later\r\n");
					continue;
				}
				if (!inData && fault == Fault.RECIPIENT_UNKNOWN && command.startsWith("RCPT TO")) {
					replies.say("550 5.1.1 " + line.substring(8).trim() + " no such mailbox\r\n");
					continue;
				}
				if (inData && line.equals(".") && fault == Fault.CUT_AFTER_DATA) {
					// The server gets the whole message; its answer never comes back.
					replies.swallow();
					toServer.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
					toServer.flush();
					replies.awaitSwallowed();
					return;
				}
				if (inData && line.equals(".") && fault == Fault.TRICKLE_ANSWER) {
					replies.trickle();
				}
				if (!inData && held != null && command.equals("DATA")) {
					replies.holdNext(held);
				}
				toServer.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
				toServer.flush();
				if (!inData && command.equals("DATA")) {
					inData = true;
				}
				else if (inData && line.equals(".")) {
					inData = false;
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// The conversation is over.
		}
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
	}

	/** Copies the server's replies to the client, unless told to swallow them. */
	private static final class ServerReplies extends Thread {

		private final InputStream fromServer;

		private final OutputStream toClient;

		private volatile boolean swallowing;

		private volatile boolean swallowed;

		private volatile boolean trickling;

		private volatile Hold held;

		ServerReplies(InputStream fromServer, OutputStream toClient) {
			super("smtp-fault-replies");
			setDaemon(true);
			this.fromServer = fromServer;
			this.toClient = toClient;
		}

		synchronized void say(String reply) throws IOException {
			this.toClient.write(reply.getBytes(StandardCharsets.US_ASCII));
			this.toClient.flush();
		}

		/** Holds the server's next reply until the test releases it. */
		void holdNext(Hold hold) {
			this.held = hold;
		}

		/**
		 * Trickles the server's next replies: a byte every 3 s, holding back the last.
		 */
		void trickle() {
			this.trickling = true;
		}

		void swallow() {
			this.swallowing = true;
		}

		/**
		 * Waits (bounded) until the server's answer to the end of the data was swallowed.
		 */
		void awaitSwallowed() throws InterruptedException {
			for (int i = 0; i < 200 && !this.swallowed; i++) {
				Thread.sleep(25);
			}
		}

		@Override
		public void run() {
			byte[] buffer = new byte[4096];
			try {
				int read;
				while ((read = this.fromServer.read(buffer)) != -1) {
					if (this.swallowing) {
						this.swallowed = true;
						continue;
					}
					if (this.trickling) {
						for (int i = 0; i < read; i++) {
							if (buffer[i] != '\n') {
								Thread.sleep(10_000);
								say(new String(buffer, i, 1, StandardCharsets.US_ASCII));
							}
						}
						continue;
					}
					Hold hold = this.held;
					if (hold != null) {
						this.held = null;
						hold.hold();
					}
					synchronized (this) {
						this.toClient.write(buffer, 0, read);
						this.toClient.flush();
					}
				}
			}
			catch (IOException ex) {
				// The conversation is over.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
