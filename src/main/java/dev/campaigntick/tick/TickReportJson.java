package dev.campaigntick.tick;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.campaigntick.db.Sql;
import dev.campaigntick.tick.TickReport.CampaignReport;
import dev.campaigntick.tick.TickReport.RunError;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * A tick's answer and its stored errors as JSON, written with Jackson's streaming generator: the
 * same text the ObjectMapper writes (TickReportJsonTests compares them), without building the
 * ObjectMapper. That build is most of a fresh process's first tick (a sampled start: 16 of the tick
 * thread's 35 samples), and the tick path needs no other part of it.
 *
 * <p>A server writer of Quarkus REST (its own JSON writers are too): a plain {@link
 * jakarta.ws.rs.ext.MessageBodyWriter} is handed the resource method's annotations, which Quarkus
 * REST reads by reflection on the first answer, a proxy class per annotation type; this one is
 * given the resource's description instead and needs none.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class TickReportJson implements ServerMessageBodyWriter<TickReport> {

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
    return type == TickReport.class;
  }

  @Override
  public void writeResponse(TickReport report, Type genericType, ServerRequestContext context)
      throws IOException {
    stream(report, context.getOrCreateOutputStream());
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == TickReport.class;
  }

  @Override
  public void writeTo(
      TickReport report,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> headers,
      OutputStream out)
      throws IOException {
    stream(report, out);
  }

  private static void stream(TickReport report, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, report);
    }
  }

  /** The report as JSON text (what the tests compare with the ObjectMapper's). */
  static String toJson(TickReport report) {
    return Sql.jsonText(g -> write(g, report));
  }

  /** A run's errors as JSON text, for the run's row. */
  public static String errorsJson(List<RunError> errors) {
    return Sql.jsonText(g -> writeErrors(g, errors));
  }

  /** In the order of the record's components, as the ObjectMapper writes them. */
  static void write(JsonGenerator g, TickReport r) throws IOException {
    g.writeStartObject();
    number(g, "runId", r.runId());
    string(g, "trigger", r.trigger() == null ? null : r.trigger().name());
    string(g, "status", r.status() == null ? null : r.status().name());
    string(g, "skipReason", r.skipReason());
    instant(g, "startedAt", r.startedAt());
    g.writeNumberField("durationMs", r.durationMs());
    g.writeBooleanField("budgetExhausted", r.budgetExhausted());
    g.writeNumberField("processed", r.processed());
    g.writeNumberField("launched", r.launched());
    g.writeNumberField("failed", r.failed());
    g.writeNumberField("skipped", r.skipped());
    if (r.campaigns() != null) { // @JsonInclude(NON_NULL): a summary leaves it out
      g.writeArrayFieldStart("campaigns");
      for (CampaignReport c : r.campaigns()) {
        writeCampaign(g, c);
      }
      g.writeEndArray();
    }
    g.writeFieldName("errors");
    writeErrors(g, r.errors());
    instant(g, "nextRunAt", r.nextRunAt());
    g.writeEndObject();
  }

  private static void writeCampaign(JsonGenerator g, CampaignReport c) throws IOException {
    g.writeStartObject();
    g.writeNumberField("campaignId", c.campaignId());
    string(g, "organizationId", c.organizationId());
    string(g, "name", c.name());
    string(g, "previousStatus", c.previousStatus());
    string(g, "newStatus", c.newStatus());
    g.writeBooleanField("recipientsGenerated", c.recipientsGenerated());
    number(g, "recipientCount", c.recipientCount());
    g.writeNumberField("launched", c.launched());
    string(g, "skipReason", c.skipReason());
    g.writeEndObject();
  }

  private static void writeErrors(JsonGenerator g, List<RunError> errors) throws IOException {
    if (errors == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (RunError e : errors) {
      g.writeStartObject();
      number(g, "campaignId", e.campaignId());
      string(g, "error", e.error());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void string(JsonGenerator g, String field, String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  private static void number(JsonGenerator g, String field, Number value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, value.longValue());
    }
  }

  /** ISO-8601 with as many fraction digits as needed, as Jackson's JavaTimeModule writes. */
  private static void instant(JsonGenerator g, String field, Instant value) throws IOException {
    string(g, field, value == null ? null : value.toString());
  }
}
