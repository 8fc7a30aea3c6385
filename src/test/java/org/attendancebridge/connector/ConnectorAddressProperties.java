package org.attendancebridge.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import org.attendancebridge.policy.PolicyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Connector base URLs: an address in a private, loopback, link-local, unique-local or
 * shared range, however it is written (dotted or not, decimal, octal or hex, IPv4-mapped,
 * NAT64, 6to4), is refused unless {@code allowPrivateNetwork} is set; public addresses
 * and plain host names over https are taken. Nothing is looked up: the hosts are
 * literals, and names are never resolved by the loader.
 */
class ConnectorAddressProperties {

	private static Path folder;

	private final ConnectorLoader loader = new ConnectorLoader(Map.<String, String>of()::get);

	@BeforeContainer
	static void folder() throws IOException {
		folder = Files.createTempDirectory("addresses");
	}

	@AfterContainer
	static void clean() throws IOException {
		Files.deleteIfExists(folder.resolve("school.yaml"));
		Files.delete(folder);
	}

	private ConnectorConfig load(String scheme, String host, boolean allowPrivate) throws IOException {
		String text = "id: school\nname: \"A School\"\nmis: arbor\nbaseUrl: \"" + scheme + "://" + host
				+ "/rest-v2\"\ncredentials:\n  username: ARBOR_USER\n  password: ARBOR_PASSWORD\npolicy: st-johns-way\n"
				+ (allowPrivate ? "allowPrivateNetwork: true\n" : "");
		return this.loader.load(Files.writeString(folder.resolve("school.yaml"), text));
	}

	/** An IPv4 address as four octets. */
	private static Arbitrary<int[]> ipv4(int first, int secondFrom, int secondTo) {
		return Combinators
			.combine(Arbitraries.integers().between(secondFrom, secondTo), Arbitraries.integers().between(0, 255),
					Arbitraries.integers().between(0, 255))
			.as((b, c, d) -> new int[] { first, b, c, d });
	}

	@Provide
	Arbitrary<String> privateHosts() {
		Arbitrary<int[]> v4 = Arbitraries.oneOf(ipv4(10, 0, 255), ipv4(172, 16, 31), ipv4(192, 168, 168),
				ipv4(127, 0, 255), ipv4(169, 254, 254), ipv4(100, 64, 127), Arbitraries.just(new int[] { 0, 0, 0, 0 }));
		Arbitrary<String> written = Combinators.combine(v4, Arbitraries.integers().between(0, 9))
			.as(ConnectorAddressProperties::written);
		Arbitrary<String> v6 = Arbitraries.oneOf(Arbitraries.of("[::1]", "[::]", "[0:0:0:0:0:0:0:1]"),
				Arbitraries.integers().between(0xfe80, 0xfebf).map((h) -> "[" + Integer.toHexString(h) + "::1]"),
				Arbitraries.integers()
					.between(0xfc00, 0xfdff)
					.flatMap((h) -> Arbitraries.integers()
						.between(0, 0xffff)
						.map((l) -> "[" + Integer.toHexString(h) + ":" + Integer.toHexString(l) + "::1]")),
				Arbitraries.integers()
					.between(0, 255)
					.map((n) -> "[fe80::" + Integer.toHexString(n) + "%25" + n + "]"));
		return Arbitraries.oneOf(written, v6);
	}

	/** An IPv4 address in one of the ways a resolver reads one. */
	private static String written(int[] a, int form) {
		long value = ((long) a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3];
		String dotted = a[0] + "." + a[1] + "." + a[2] + "." + a[3];
		return switch (form) {
			case 0 -> dotted;
			case 1 -> dotted + ".";
			case 2 -> "0x" + Long.toHexString(value);
			case 3 -> "0" + Integer.toOctalString(a[0]) + ".0" + Integer.toOctalString(a[1]) + "." + a[2] + "." + a[3];
			case 4 -> a[0] + "." + ((a[1] << 16) | (a[2] << 8) | a[3]);
			case 5 -> "0x" + Integer.toHexString(a[0]) + "." + a[1] + "." + ((a[2] << 8) | a[3]);
			case 6 -> "[::ffff:" + dotted + "]";
			case 7 -> "[::ffff:" + Integer.toHexString((a[0] << 8) | a[1]) + ":"
					+ Integer.toHexString((a[2] << 8) | a[3]) + "]";
			case 8 -> "[64:ff9b::" + dotted + "]";
			default -> "[2002:" + Integer.toHexString((a[0] << 8) | a[1]) + ":"
					+ Integer.toHexString((a[2] << 8) | a[3]) + "::1]";
		};
	}

	@Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
	void aPrivateAddressIsRefusedUnlessAllowed(@ForAll("privateHosts") String host) throws IOException {
		String where = folder.resolve("school.yaml") + ":4: baseUrl: '";
		// java.net.URI takes no host whose last label is a number unless it is a dotted
		// quad: such a URL is refused before its address is looked at.
		String notAUrl = "' is not an http(s) URL with a host";
		Throwable refused = catchThrowable(() -> load("https", host, false));
		assertThat(refused).isInstanceOf(PolicyException.class).hasMessageStartingWith(where);
		boolean asPrivate = refused.getMessage().contains("is a private, loopback or link-local address");
		assertThat(asPrivate || refused.getMessage().endsWith(notAUrl)).as(refused.getMessage()).isTrue();
		Statistics.collect(asPrivate ? "refused as private" : "refused as no URL");
		if (asPrivate && !host.contains("%")) {
			assertThat(load("http", host, true).baseUrl().getHost()).isEqualTo(host.replaceFirst("\\.$", ""));
		}
	}

	@Provide
	Arbitrary<String> publicHosts() {
		Arbitrary<String> v4 = Combinators
			.combine(Arbitraries.of(1, 8, 9, 23, 51, 81, 104, 151, 185, 193, 212, 217),
					Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
					Arbitraries.integers().between(1, 254))
			.as((a, b, c, d) -> a + "." + b + "." + c + "." + d);
		Arbitrary<String> v6 = Arbitraries.integers()
			.between(0x2a00, 0x2a0f)
			.flatMap((h) -> Arbitraries.integers()
				.between(1, 0xffff)
				.map((l) -> "[" + Integer.toHexString(h) + ":" + Integer.toHexString(l) + "::10]"));
		Arbitrary<String> names = Combinators
			.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
					Arbitraries.of("uk.arbor.sc", "api.wonde.com", "school.sch.uk", "example.org", "sims.co.uk",
							"8.8.8.8.example.com", "10.0.0.1.school.uk"))
			.as((label, domain) -> label + "." + domain);
		return Arbitraries.oneOf(v4, v6, names);
	}

	@Property(tries = 200)
	void aPublicHttpsAddressIsTaken(@ForAll("publicHosts") String host) throws IOException {
		assertThat(load("https", host, false).baseUrl().getHost()).isEqualTo(host);
	}

	@Property(tries = 50)
	void aNumericHostThatIsNoAddressIsRefused(@ForAll("badNumericHosts") String host) {
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> load("https", host, false))
			.withMessageStartingWith(folder.resolve("school.yaml") + ":4: baseUrl: ");
	}

	@Provide
	Arbitrary<String> badNumericHosts() {
		return Arbitraries.of("256.1.1.1", "1.2.3.4.5", "example.08", "1.2.3.0x100", "4294967296", "1.16777216",
				"[fe80::1%25nosuchinterface]", "[1:2:3:4:5:6:7:8:9]", "09.1.1.1", "school.123", "-1.0.0.1", "1.+2.3.4",
				"0x+a.1");
	}

	@Property(tries = 10)
	void localhostIsRefusedWhateverItsCase(@ForAll("localhosts") String host) {
		assertThatExceptionOfType(PolicyException.class).isThrownBy(() -> load("https", host, false))
			.withMessageContaining("is a loopback address");
	}

	@Provide
	Arbitrary<String> localhosts() {
		return Arbitraries.of(List.of("localhost", "LOCALHOST", "localhost.", "mis.localhost", "Admin.LocalHost."));
	}

}
