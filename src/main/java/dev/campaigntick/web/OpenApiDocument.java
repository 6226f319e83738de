package dev.campaigntick.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Serves the OpenAPI document at {@code /q/openapi} (YAML, or JSON with {@code ?format=json} or
 * {@code Accept: application/json}), and at {@code /q/openapi.json}, {@code .yaml} and {@code
 * .yml}, public like the health checks. The document is written once, at build time, by the
 * SmallRye OpenAPI Maven plugin (pom.xml) from the resources' annotations and {@link
 * ErrorResponsesFilter}: starting the function never builds, parses or serializes it (the Quarkus
 * extension did so at every start, 0.6 s of a cold start). Both files are read on the first
 * request.
 */
@Path("/q")
public class OpenApiDocument {

  private static final String YAML = "application/yaml;charset=UTF-8";
  private static final String JSON = "application/json;charset=UTF-8";

  @GET
  @Path("openapi")
  public Response document(
      @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    String given = QueryParams.optional(format);
    if (given != null) {
      return switch (given.strip().toLowerCase(Locale.ROOT)) {
        case "json" -> json();
        case "yaml", "yml" -> yaml();
        default -> throw ApiException.badRequest("format must be json or yaml");
      };
    }
    boolean wantsJson =
        accept != null
            && accept.contains(MediaType.APPLICATION_JSON)
            && !accept.contains("application/yaml");
    return wantsJson ? json() : yaml();
  }

  @GET
  @Path("openapi.json")
  public Response json() {
    return Response.ok(Files.JSON, JSON).build();
  }

  @GET
  @Path("openapi.yaml")
  public Response yaml() {
    return Response.ok(Files.YAML, YAML).build();
  }

  @GET
  @Path("openapi.yml")
  public Response yml() {
    return yaml();
  }

  /** The two files, read when first asked for (the holder idiom: nothing at start-up). */
  private static final class Files {
    static final byte[] JSON = read("openapi.json");
    static final byte[] YAML = read("openapi.yaml");

    private static byte[] read(String name) {
      String resource = "META-INF/openapi/" + name;
      try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              resource + " is missing: the build writes it (smallrye-open-api-maven-plugin)");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
