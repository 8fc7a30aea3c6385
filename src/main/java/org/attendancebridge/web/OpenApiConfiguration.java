package org.attendancebridge.web;

import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.attendancebridge.web.security.CrossSiteFormGuard;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title and its one way in: HTTP Basic. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

	private static final Set<PathItem.HttpMethod> SAFE = Set.of(PathItem.HttpMethod.GET, PathItem.HttpMethod.HEAD,
			PathItem.HttpMethod.OPTIONS, PathItem.HttpMethod.TRACE);

	@Bean
	OpenAPI attendanceBridgeApi() {
		return new OpenAPI()
			.info(new Info().title("attendance-bridge")
				.description("Schools, pupils by stage, a pupil's figures and history, actions and connectors."))
			.components(new Components().addSecuritySchemes("basic",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
			.addSecurityItem(new SecurityRequirement().addList("basic"));
	}

	/**
	 * A state-changing request without a JSON body must carry {@code X-Requested-With}
	 * when made with a login ({@link CrossSiteFormGuard}): the document says so, and
	 * Swagger UI's "Try it out" fills it in.
	 */
	@Bean
	OpenApiCustomizer scriptedRequestHeader() {
		return (api) -> api.getPaths()
			.values()
			.forEach((path) -> path.readOperationsMap().forEach((method, operation) -> {
				if (!SAFE.contains(method) && operation.getRequestBody() == null) {
					operation.addParametersItem(new HeaderParameter().name(CrossSiteFormGuard.HEADER)
						.required(true)
						.description("any value; shows the request is not a form from another site "
								+ "(not needed with an API token)")
						.schema(new StringSchema()._default("XMLHttpRequest")));
				}
			}));
	}

}
