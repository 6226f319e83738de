package dev.campaigntick.web;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/** The OpenAPI document's description and the two secrets that guard the API. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "campaign-tick",
            version = "1",
            description =
                "A cron-driven function that runs outbound call campaigns. Every error is"
                    + " {\"error\": \"<machine_code>\", \"message\": \"<sentence>\"}."))
@SecuritySchemes({
  @SecurityScheme(
      securitySchemeName = ApiDocumentation.ADMIN,
      type = SecuritySchemeType.HTTP,
      scheme = "bearer",
      description = "Authorization: Bearer <ADMIN_TOKEN>"),
  @SecurityScheme(
      securitySchemeName = ApiDocumentation.CRON,
      type = SecuritySchemeType.APIKEY,
      in = SecuritySchemeIn.HEADER,
      apiKeyName = "X-Cron-Secret",
      description = "X-Cron-Secret: <CRON_SECRET> (or Authorization: Bearer <CRON_SECRET>)"),
  @SecurityScheme(
      securitySchemeName = ApiDocumentation.WEBHOOK,
      type = SecuritySchemeType.APIKEY,
      in = SecuritySchemeIn.HEADER,
      apiKeyName = "X-Signature",
      description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" with WEBHOOK_SECRET>")
})
public class ApiDocumentation extends Application {

  public static final String ADMIN = "adminToken";
  public static final String CRON = "cronSecret";
  public static final String WEBHOOK = "webhookSignature";
}
