package dev.campaigntick.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.campaigntick.db.DatabaseUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Collection;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where errors become {@code {"error","message"}}: never a stack trace. */
public class ErrorMapper {

  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return body(e.status(), e.code(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response database(DatabaseUnavailableException e) {
    if (refusedNul(e.getCause())) {
      // The request's fault, not the database's: retrying the same text never helps.
      return body(
          400,
          "bad_request",
          "text must not contain the NUL character (\\u0000), which PostgreSQL cannot store");
    }
    LOG.warnf("database unavailable: %s", e.getCause() == null ? e : e.getCause().getMessage());
    return body(503, "database_unavailable", "The database is unavailable; try again shortly.");
  }

  /**
   * Whether PostgreSQL refused a NUL character: in text "invalid byte sequence for encoding UTF8:
   * 0x00" (22021), in jsonb "unsupported Unicode escape sequence" (22P05).
   */
  private static boolean refusedNul(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SQLException first) {
        for (SQLException sql = first; sql != null; sql = sql.getNextException()) {
          String state = sql.getSQLState();
          if ("22P05".equals(state)
              || "22021".equals(state) && String.valueOf(sql.getMessage()).contains("0x00")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return body(400, "bad_request", describe(e));
  }

  @ServerExceptionMapper
  public Response mismatch(MismatchedInputException e) {
    return json(e); // more specific than Quarkus' own mapper for this type, so it wins
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json);
    }
    int status = e.getResponse().getStatus();
    return body(status, codeFor(status), messageFor(status, e));
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json);
    }
    LOG.error("unexpected error", e);
    return body(500, "internal_error", "An unexpected error occurred; it has been logged.");
  }

  static Response body(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(code, message))
        .build();
  }

  /** A JSON error as the sentence a 400 answer carries: the field and what is wrong with it. */
  public static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + unknown.getPropertyName() + "'";
    }
    if (e instanceof InvalidFormatException invalid) {
      if (invalid.getValue() instanceof Number && isWholeNumber(invalid.getTargetType())) {
        return fieldOf(invalid) + " must be a whole number, got " + invalid.getValue();
      }
      return fieldOf(invalid) + " has an invalid value: " + invalid.getValue();
    }
    if (e instanceof MismatchedInputException mismatch) {
      if (!mismatch.getPath().isEmpty()) {
        return fieldOf(mismatch) + " has the wrong type";
      }
      Class<?> expected = mismatch.getTargetType();
      boolean array =
          expected != null && (expected.isArray() || Collection.class.isAssignableFrom(expected));
      return "the body must be a JSON " + (array ? "array" : "object");
    }
    if (e instanceof JsonMappingException mapping
        && !mapping.getPath().isEmpty()
        && mapping.getCause() instanceof InputCoercionException outOfRange) {
      return fieldOf(mapping) + " is out of range: " + outOfRange.getOriginalMessage();
    }
    return "malformed JSON: " + e.getOriginalMessage();
  }

  private static boolean isWholeNumber(Class<?> type) {
    return type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class;
  }

  private static String fieldOf(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  /** The machine code of an HTTP status's error, here and for {@link BodySizeLimit}. */
  static String codeFor(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "internal_error" : "http_" + status;
    };
  }

  private static String messageFor(int status, WebApplicationException e) {
    return switch (status) {
      case 400 -> "The request is malformed.";
      case 404 -> "No such resource.";
      case 405 -> "This method is not allowed here.";
      case 406 -> "The requested representation is not available; ask for application/json.";
      case 413 -> "The request body is too large.";
      case 415 -> "Unsupported content type; send application/json.";
      default -> e.getMessage() == null ? "HTTP " + status : e.getMessage();
    };
  }
}
