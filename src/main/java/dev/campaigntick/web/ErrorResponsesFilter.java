package dev.campaigntick.web;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Documents the one error shape on every operation of the OpenAPI document. Runs at build time
 * only, in the SmallRye OpenAPI Maven plugin that writes the document (pom.xml); the function never
 * loads it.
 */
public class ErrorResponsesFilter implements OASFilter {

  private static final String REF = "#/components/schemas/Error";
  private static final Map<String, String> ERRORS =
      Map.of(
          "400", "Bad input; the message names the field",
          "401", "Missing or wrong secret",
          "404", "Unknown id",
          "409", "A state change the current status does not allow",
          "415", "Unsupported content type",
          "503", "Not configured (the secret is unset) or the database is unavailable");

  @Override
  public Operation filterOperation(Operation operation) {
    ERRORS.forEach(
        (status, description) -> {
          if (operation.getResponses() != null
              && !operation.getResponses().hasAPIResponse(status)) {
            operation
                .getResponses()
                .addAPIResponse(
                    status,
                    OASFactory.createAPIResponse()
                        .description(description)
                        .content(
                            OASFactory.createContent()
                                .addMediaType(
                                    "application/json",
                                    OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref(REF)))));
          }
        });
    return operation;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    openAPI
        .getComponents()
        .addSchema(
            "Error",
            OASFactory.createSchema()
                .type(java.util.List.of(Schema.SchemaType.OBJECT))
                .addProperty(
                    "error",
                    OASFactory.createSchema()
                        .type(java.util.List.of(Schema.SchemaType.STRING))
                        .description("machine code, e.g. bad_request"))
                .addProperty(
                    "message",
                    OASFactory.createSchema()
                        .type(java.util.List.of(Schema.SchemaType.STRING))
                        .description("a human sentence")));
  }
}
