package org.attendancebridge.web.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The logins the configuration gives, read from the shipped application-demo.yaml: the
 * demo's officer/demo logs in in the demo profile, and the same configuration anywhere
 * else stops the adapter.
 */
class ConfiguredUsersTests {

	private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();

	private static UserProperties demoFile() throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("demo",
				new ClassPathResource("application-demo.yaml"));
		return new Binder(ConfigurationPropertySources.from(sources)).bind("attendance-bridge", UserProperties.class)
			.get();
	}

	private static UserProperties.User user(String name, String hash, String role, String schools) {
		return new UserProperties.User(name, hash, List.of(role), List.of(schools.split(",")));
	}

	@Test
	void theDemoProfileGivesTheOfficerAndTheTechnicianWithTheDemoPassword() throws IOException {
		List<UserDetails> users = ConfiguredUsers.of(demoFile(), true, this.encoder);
		assertThat(users).extracting(UserDetails::getUsername).containsExactly("officer", "technician");
		UserDetails officer = users.get(0);
		assertThat(this.encoder.matches("demo", officer.getPassword())).isTrue();
		assertThat(officer.getAuthorities()).extracting(Object::toString)
			.containsExactlyInAnyOrder("ROLE_ATTENDANCE_OFFICER", "SCHOOL:*");
		assertThat(users.get(1).getAuthorities()).extracting(Object::toString).contains("ROLE_IT_TECHNICIAN");
	}

	@Test
	void theDemoPasswordOutsideTheDemoProfileStopsTheAdapter() throws IOException {
		UserProperties demo = demoFile();
		assertThatIllegalStateException().isThrownBy(() -> ConfiguredUsers.of(demo, false, this.encoder))
			.withMessageContaining("attendance-bridge.users[0] (officer).password-hash")
			.withMessageContaining("demo password is configured outside the demo profile");
		UserProperties renamed = new UserProperties(
				List.of(user("head", this.encoder.encode("demo"), "HEAD_OF_YEAR", "st-johns")));
		assertThatIllegalStateException().isThrownBy(() -> ConfiguredUsers.of(renamed, false, this.encoder))
			.withMessageContaining("users[0] (head)");
	}

	@Test
	void withNoUsersConfiguredNobodyCanLogIn() {
		assertThat(ConfiguredUsers.of(new UserProperties(null), false, this.encoder)).isEmpty();
	}

	@Test
	void aPlainPasswordAnUnknownRoleOrNoSchoolsIsRefusedNamingTheUser() {
		String hash = this.encoder.encode("s3cret-enough");
		assertThatIllegalStateException()
			.isThrownBy(() -> ConfiguredUsers.of(new UserProperties(List.of(user("ann", "s3cret", "READ_ONLY", "all"))),
					false, this.encoder))
			.withMessageContaining("users[0] (ann).password-hash: not a bcrypt hash");
		assertThatIllegalStateException()
			.isThrownBy(() -> ConfiguredUsers.of(new UserProperties(List.of(user("ann", hash, "HEADTEACHER", "all"))),
					false, this.encoder))
			.withMessageContaining("unknown role 'HEADTEACHER'");
		assertThatIllegalStateException().isThrownBy(() -> ConfiguredUsers.of(
				new UserProperties(List.of(new UserProperties.User("ann", hash, List.of("READ_ONLY"), null))), false,
				this.encoder))
			.withMessageContaining("users[0] (ann).schools: missing");
	}

	/** Users as the environment gives them, bound as the adapter binds them. */
	private static UserProperties environment(Map<String, Object> variables) {
		SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
		return new Binder(ConfigurationPropertySources.from(environment))
			.bind("attendance-bridge", UserProperties.class)
			.get();
	}

	@Test
	void aUserHoldsEveryRoleOfACommaSeparatedList() {
		String hash = this.encoder.encode("s3cret-enough");
		UserProperties configured = environment(Map.of("ATTENDANCE_BRIDGE_USERS_0_NAME", "dana",
				"ATTENDANCE_BRIDGE_USERS_0_PASSWORD_HASH", hash, "ATTENDANCE_BRIDGE_USERS_0_ROLES",
				"IT_TECHNICIAN, ATTENDANCE_OFFICER", "ATTENDANCE_BRIDGE_USERS_0_SCHOOLS", "st-johns,toolkit"));
		UserDetails dana = ConfiguredUsers.of(configured, false, this.encoder).get(0);
		assertThat(dana.getAuthorities()).extracting(Object::toString)
			.containsExactlyInAnyOrder("ROLE_IT_TECHNICIAN", "ROLE_ATTENDANCE_OFFICER", "SCHOOL:st-johns",
					"SCHOOL:toolkit");

		UserProperties oneBad = environment(Map.of("ATTENDANCE_BRIDGE_USERS_0_NAME", "dana",
				"ATTENDANCE_BRIDGE_USERS_0_PASSWORD_HASH", hash, "ATTENDANCE_BRIDGE_USERS_0_ROLES",
				"IT_TECHNICIAN,HEADTEACHER", "ATTENDANCE_BRIDGE_USERS_0_SCHOOLS", "all"));
		assertThatIllegalStateException().isThrownBy(() -> ConfiguredUsers.of(oneBad, false, this.encoder))
			.withMessageContaining("attendance-bridge.users[0] (dana).roles: unknown role 'HEADTEACHER'");
	}

	@Test
	void aUserOfSomeSchoolsIsScopedToThem() {
		String hash = this.encoder.encode("s3cret-enough");
		UserDetails bob = ConfiguredUsers
			.of(new UserProperties(List.of(user("bob", hash, "HEAD_OF_YEAR", "st-johns,toolkit"))), false, this.encoder)
			.get(0);
		SchoolScope scope = SchoolScope.of(new org.springframework.security.authentication.TestingAuthenticationToken(
				bob, null, List.copyOf(bob.getAuthorities())));
		assertThat(scope.allows("st-johns")).isTrue();
		assertThat(scope.allows("toolkit")).isTrue();
		assertThat(scope.allows("prevention")).isFalse();
		assertThat(scope.schoolsOrNullForAll()).containsExactlyInAnyOrder("st-johns", "toolkit");
	}

}
