package org.attendancebridge.web.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Who may see what. The API and the actuator take HTTP Basic, or a machine's API token as
 * {@code Authorization: Bearer}, statelessly (no session, so no CSRF token; a person's
 * state-changing request must be JSON or carry {@code X-Requested-With} instead, see
 * {@link CrossSiteFormGuard}); people log in to the dashboard with a form, with CSRF
 * tokens on every form. Pupil data needs an attendance role and, within it, the pupil's
 * school in the user's scope (checked by the controllers, see {@link SchoolScope});
 * completing a task, a record others rely on, marking a referral sent, and approving,
 * rejecting, replaying and resolving actions need an attendance officer or a head of year
 * (a read-only user sees tasks and the queues but changes nothing); actuator endpoints
 * other than health need the IT technician; making, listing and revoking API tokens, on
 * the API or the dashboard's {@code /tokens}, needs an IT technician who is a person,
 * never a token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserProperties.class)
public class SecurityConfiguration {

	/** Same-origin everything, no inline script or style, never framed. */
	static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	@Bean
	UserDetailsService users(UserProperties properties, Environment environment) {
		boolean demo = environment.acceptsProfiles(Profiles.of("demo"));
		return new InMemoryUserDetailsManager(ConfiguredUsers.of(properties, demo, new BCryptPasswordEncoder()));
	}

	@Bean
	ApiTokenStore apiTokens(NamedParameterJdbcTemplate jdbc, Clock clock) {
		return new ApiTokenStore(jdbc, clock);
	}

	/** Makes denied requests events, for {@link SecurityEvents} to log. */
	@Bean
	AuthorizationEventPublisher authorizationEventPublisher(ApplicationEventPublisher publisher) {
		return new SpringAuthorizationEventPublisher(publisher);
	}

	/**
	 * Gateways' callbacks: no session, no CSRF, no login; each callback checks its own
	 * bearer token.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain callbacks(HttpSecurity http) throws Exception {
		http.securityMatcher("/callbacks/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, ApiTokenStore tokens, AuthenticationEventPublisher events)
			throws Exception {
		http.securityMatcher("/api/**", "/actuator/**")
			.addFilterBefore(bearerTokens(tokens, events), BasicAuthenticationFilter.class)
			.addFilterAfter(new CrossSiteFormGuard(), AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/actuator/**")
				.hasRole(Role.IT_TECHNICIAN.name())
				.requestMatchers("/api/tokens", "/api/tokens/**")
				.access(itTechnicianInPerson())
				.requestMatchers(HttpMethod.POST, "/api/tasks/*/complete", "/api/actions/*/approve",
						"/api/actions/*/reject", "/api/actions/*/replay", "/api/actions/*/resolve",
						"/api/referrals/*/sent")
				.hasAnyRole(Role.OPERATORS)
				.requestMatchers("/api/schools/*/simulate", "/api/schools/*/stages", "/api/schools/*/movements",
						"/api/schools/*/red10", "/api/schools/*/absence-history")
				.hasAnyRole(Role.PUPIL_DATA)
				.requestMatchers("/api/schools/*/pupils", "/api/schools/*/pupils/**", "/api/actions", "/api/actions/**",
						"/api/tasks", "/api/tasks/**", "/api/referrals", "/api/referrals/**", "/api/approvals",
						"/api/dead-letters", "/api/in-doubt")
				.hasAnyRole(Role.PUPIL_DATA)
				.anyRequest()
				.authenticated())
			.httpBasic((basic) -> basic.realmName("attendance-bridge").authenticationEntryPoint(unauthorised()))
			.exceptionHandling(
					(errors) -> errors.authenticationEntryPoint(unauthorised()).accessDeniedHandler(denied()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CSP)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain web(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/login", "/css/**", "/error", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
					"/swagger-ui/**")
			.permitAll()
			.requestMatchers("/tokens", "/tokens/**")
			.access(itTechnicianInPerson())
			.requestMatchers(HttpMethod.POST, "/tasks/**", "/approvals/**", "/dead-letters/**", "/in-doubt/**",
					"/referrals/**")
			.hasAnyRole(Role.OPERATORS)
			.requestMatchers("/tasks")
			.hasAnyRole(Role.PUPIL_DATA)
			.requestMatchers("/schools/**", "/approvals", "/dead-letters", "/in-doubt", "/referrals", "/referrals/**")
			.hasAnyRole(Role.PUPIL_DATA)
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CSP))
				.frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

	/**
	 * {@code Authorization: Bearer <token>}: checked against the stored hashes, a good
	 * token lets the request on as its role and schools; an unknown or revoked one is a
	 * 401 at once (never a fall-back to anonymous). Each outcome is an authentication
	 * event, logged as logins are.
	 */
	private static AuthenticationFilter bearerTokens(ApiTokenStore tokens, AuthenticationEventPublisher events) {
		ProviderManager manager = new ProviderManager(new ApiTokenAuthenticationProvider(tokens));
		manager.setAuthenticationEventPublisher(events);
		AuthenticationFilter filter = new AuthenticationFilter(manager, bearer());
		// On success the request simply goes on.
		filter.setSuccessHandler((request, response, authentication) -> {
		});
		filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(tokenRefused()));
		return filter;
	}

	private static AuthenticationConverter bearer() {
		return (request) -> {
			String header = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
				return null;
			}
			return ApiTokenAuthentication.presented(header.substring(7).trim());
		};
	}

	/** An IT technician logged in as a person: a token never makes or revokes tokens. */
	private static AuthorizationManager<RequestAuthorizationContext> itTechnicianInPerson() {
		return AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole(Role.IT_TECHNICIAN.name()),
				AuthorizationManagers.not(AuthorityAuthorizationManager.hasAuthority(ApiTokenAuthentication.MACHINE)));
	}

	/**
	 * A 401 in JSON, with the Basic and Bearer challenges, instead of a redirect to the
	 * login page.
	 */
	private static AuthenticationEntryPoint unauthorised() {
		return (request, response, ex) -> {
			response.setHeader("WWW-Authenticate", "Basic realm=\"attendance-bridge\"");
			response.addHeader("WWW-Authenticate", "Bearer realm=\"attendance-bridge\"");
			json(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
					"log in (HTTP Basic) or present an API token (Authorization: Bearer) to use the API");
		};
	}

	/** A 401 for an unknown or revoked token, saying no more than that. */
	private static AuthenticationEntryPoint tokenRefused() {
		return (request, response, ex) -> {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"attendance-bridge\", error=\"invalid_token\"");
			json(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", "the API token is unknown or revoked");
		};
	}

	private static AccessDeniedHandler denied() {
		return (request, response, ex) -> json(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
				"your role does not allow " + request.getRequestURI());
	}

	static void json(HttpServletResponse response, int status, String error, String message)
			throws java.io.IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter()
			.write("{\"status\":" + status + ",\"error\":\"" + error + "\",\"message\":\""
					+ message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
	}

}
