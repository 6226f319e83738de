package dev.campaigntick.audience;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.web.ApiException;
import dev.campaigntick.web.ErrorMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Imports recipients (campaign contacts or list members) from a JSON array or a CSV file with a
 * {@code phone} column, streaming: rows are parsed one at a time and written in batches, all in one
 * transaction so a failure leaves nothing half-imported. Bad rows are rejected with their number;
 * the good ones import.
 */
@ApplicationScoped
public class RecipientImporter {

  /** Where recipients go. */
  public enum Target {
    CAMPAIGN_CONTACTS(
        """
        INSERT INTO contacts (campaign_id, phone, name, timezone, attributes, created_at)
        SELECT ?, u.phone, u.name, u.timezone, u.attributes::jsonb, ?
        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])
            AS u(phone, name, timezone, attributes)
        ON CONFLICT (campaign_id, phone) DO NOTHING
        """),
    LIST_MEMBERS(
        """
        INSERT INTO list_members (list_id, phone, name, timezone, attributes)
        SELECT ?, u.phone, u.name, u.timezone, u.attributes::jsonb
        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])
            AS u(phone, name, timezone, attributes)
        ON CONFLICT (list_id, phone) DO NOTHING
        """);

    private final String insert;

    Target(String insert) {
      this.insert = insert;
    }
  }

  static final int BATCH = 1000;
  static final int MAX_REPORTED_REJECTIONS = 1000;

  private final DataSource dataSource;
  private final ObjectMapper mapper;
  private final CsvMapper csv = new CsvMapper();

  public RecipientImporter(DataSource dataSource, ObjectMapper mapper) {
    this.dataSource = dataSource;
    this.mapper = mapper;
    csv.enable(CsvParser.Feature.TRIM_SPACES);
    csv.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
  }

  private record Row(String phone, String name, String timezone, String attributes) {}

  /** One recipient as read, or why its row is refused before its fields are looked at. */
  private record Input(JsonNode node, String error) {}

  /** Imports a body by its content type: {@code text/csv}, else a JSON array. */
  public ImportResult importBody(
      String contentType,
      InputStream body,
      Target target,
      long ownerId,
      String defaultRegion,
      Instant now) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/csv")
        ? importCsv(body, target, ownerId, defaultRegion, now)
        : importJson(body, target, ownerId, defaultRegion, now);
  }

  /** Imports a JSON array of {@code {"phone", "name"?, "timezone"?, "attributes"?}}. */
  public ImportResult importJson(
      InputStream body, Target target, long ownerId, String defaultRegion, Instant now) {
    try (JsonParser parser = mapper.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw ApiException.badRequest("the body must be a JSON array of recipients");
      }
      Iterator<Input> rows =
          new Iterator<>() {
            JsonToken next = advance();

            private JsonToken advance() {
              try {
                return parser.nextToken();
              } catch (IOException e) {
                throw malformedJson(e);
              }
            }

            @Override
            public boolean hasNext() {
              return next != null && next != JsonToken.END_ARRAY;
            }

            @Override
            public Input next() {
              try {
                JsonNode node = parser.readValueAsTree();
                next = advance();
                return new Input(node, null);
              } catch (IOException e) {
                throw malformedJson(e);
              }
            }
          };
      return write(rows, target, ownerId, defaultRegion, now);
    } catch (IOException e) {
      throw malformedJson(e);
    }
  }

  /** A JSON error worded as every other JSON body's ({@link ErrorMapper#describe}). */
  private static ApiException malformedJson(IOException e) {
    return ApiException.badRequest(
        e instanceof JsonProcessingException json
            ? ErrorMapper.describe(json)
            : "malformed JSON: " + e.getMessage());
  }

  /**
   * Imports CSV with a header row containing {@code phone}; other named columns become attributes.
   * A row with more values than the header names is rejected unless the extra values are empty (a
   * spreadsheet's trailing separators); a header that names a column twice is refused, since one of
   * its values would be lost.
   */
  public ImportResult importCsv(
      InputStream body, Target target, long ownerId, String defaultRegion, Instant now) {
    try (MappingIterator<List<String>> lines =
        csv.readerForListOf(String.class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .with(CsvSchema.emptySchema())
            .readValues(body)) {
      if (!lines.hasNext()) {
        throw ApiException.badRequest(
            "the CSV is empty: it needs a header row with a phone column");
      }
      List<String> columns = csvHeader(lines.next());
      Iterator<Input> rows =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return lines.hasNext();
            }

            @Override
            public Input next() {
              return csvRow(columns, lines.next());
            }
          };
      return write(rows, target, ownerId, defaultRegion, now);
    } catch (IOException | RuntimeJsonMappingException e) {
      // Only what the parser throws: a database error while writing stays a 503.
      throw ApiException.badRequest(malformedCsv(e));
    }
  }

  /** The recipient's own fields; any other named column becomes an attribute. */
  private static final Set<String> FIELDS = Set.of("phone", "name", "timezone");

  /**
   * The header's columns, read once for every row: a recipient field in lower case, any other name
   * trimmed as written, blank where the header names none.
   */
  private static List<String> csvHeader(List<String> header) {
    List<String> written = new ArrayList<>(header.size());
    List<String> columns = new ArrayList<>(header.size());
    Set<String> seen = new HashSet<>();
    for (String cell : header) {
      String column = cell == null ? "" : cell.strip();
      String lower = column.toLowerCase(Locale.ROOT);
      if (!column.isEmpty() && !seen.add(lower)) {
        throw ApiException.badRequest("the CSV header row names the column '" + column + "' twice");
      }
      written.add(column);
      columns.add(FIELDS.contains(lower) ? lower : column);
    }
    if (!seen.contains("phone")) {
      throw ApiException.badRequest(
          "the CSV header row must have a phone column (columns are separated by commas); it has: "
              + String.join(", ", written));
    }
    return columns;
  }

  private Input csvRow(List<String> columns, List<String> values) {
    ObjectNode node = mapper.createObjectNode();
    ObjectNode attributes = node.putObject("attributes");
    String error = null;
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      String column = i < columns.size() ? columns.get(i) : "";
      if (column.isEmpty()) {
        if (error == null && value != null && !value.isBlank()) {
          error = "column " + (i + 1) + " has a value but no name in the header row";
        }
      } else if (FIELDS.contains(column)) {
        node.put(column, value);
      } else if (value != null && !value.isEmpty()) {
        attributes.put(column, value);
      }
    }
    return new Input(node, error);
  }

  /** A CSV syntax error as a sentence with its line, without the parser's source description. */
  private static String malformedCsv(Exception e) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof JsonProcessingException)) {
      cause = cause.getCause();
    }
    if (cause instanceof JsonProcessingException syntax) {
      JsonLocation where = syntax.getLocation();
      return "malformed CSV"
          + (where != null && where.getLineNr() > 0 ? " at line " + where.getLineNr() : "")
          + ": "
          + syntax.getOriginalMessage();
    }
    return "malformed CSV: " + e.getMessage();
  }

  private Row fromJson(JsonNode node, String defaultRegion, List<String> errors) {
    if (node == null || !node.isObject()) {
      errors.add("each recipient must be an object with a phone");
      return null;
    }
    String rawPhone = text(node, "phone");
    PhoneNumbers.Parsed phone = PhoneNumbers.normalise(rawPhone, defaultRegion);
    if (!phone.valid()) {
      errors.add(phone.error());
      return null;
    }
    String timezone = text(node, "timezone");
    if (timezone != null && !timezone.isBlank()) {
      try {
        timezone = ZoneId.of(timezone.trim()).getId();
      } catch (DateTimeException e) {
        errors.add("unknown time zone " + timezone);
        return null;
      }
    } else {
      timezone = null;
    }
    JsonNode attributes = node.get("attributes");
    if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
      errors.add("attributes must be an object");
      return null;
    }
    String name = text(node, "name");
    String attributesJson =
        attributes == null || attributes.isNull() ? "{}" : attributes.toString();
    if (name != null && name.indexOf('\0') >= 0 || attributesJson.contains("\\u0000")) {
      errors.add("the NUL character (\\u0000) cannot be stored");
      return null;
    }
    return new Row(
        phone.e164(), name == null || name.isBlank() ? null : name, timezone, attributesJson);
  }

  private ImportResult write(
      Iterator<Input> rows, Target target, long ownerId, String defaultRegion, Instant now) {
    int added = 0;
    int seen = 0;
    int rowNumber = 0;
    List<ImportResult.Rejected> rejected = new ArrayList<>();
    int rejectedCount = 0;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(target.insert)) {
        List<Row> batch = new ArrayList<>(BATCH);
        while (rows.hasNext()) {
          Input input = rows.next();
          JsonNode node = input.node();
          rowNumber++;
          List<String> errors = new ArrayList<>(1);
          if (input.error() != null) {
            errors.add(input.error());
          }
          Row row = errors.isEmpty() ? fromJson(node, defaultRegion, errors) : null;
          if (row == null) {
            rejectedCount++;
            if (rejected.size() < MAX_REPORTED_REJECTIONS) {
              rejected.add(
                  new ImportResult.Rejected(
                      rowNumber,
                      node != null && node.isObject() ? text(node, "phone") : null,
                      errors.get(0)));
            }
            continue;
          }
          batch.add(row);
          if (batch.size() == BATCH) {
            added += flush(connection, insert, target, batch, ownerId, now);
            seen += batch.size();
            batch.clear();
          }
        }
        added += flush(connection, insert, target, batch, ownerId, now);
        seen += batch.size();
        connection.commit();
      } catch (RuntimeException | SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
    return new ImportResult(
        added, seen - added, rejected, rejectedCount, rejectedCount > rejected.size());
  }

  private static int flush(
      Connection connection,
      PreparedStatement insert,
      Target target,
      List<Row> batch,
      long ownerId,
      Instant now)
      throws SQLException {
    if (batch.isEmpty()) {
      return 0;
    }
    int i = 1;
    insert.setLong(i++, ownerId);
    if (target == Target.CAMPAIGN_CONTACTS) {
      insert.setObject(i++, dev.campaigntick.db.Sql.ts(now));
    }
    insert.setArray(
        i++, connection.createArrayOf("text", batch.stream().map(Row::phone).toArray()));
    insert.setArray(i++, connection.createArrayOf("text", batch.stream().map(Row::name).toArray()));
    insert.setArray(
        i++, connection.createArrayOf("text", batch.stream().map(Row::timezone).toArray()));
    insert.setArray(
        i, connection.createArrayOf("text", batch.stream().map(Row::attributes).toArray()));
    return insert.executeUpdate();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
