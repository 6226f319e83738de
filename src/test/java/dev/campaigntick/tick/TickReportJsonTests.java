package dev.campaigntick.tick;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.db.Sql;
import dev.campaigntick.tick.TickReport.CampaignReport;
import dev.campaigntick.tick.TickReport.RunError;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streamed tick answer and stored errors say what the application's ObjectMapper says for the
 * same values, so writing them without one changes nothing a client or the run history sees.
 */
@QuarkusTest
class TickReportJsonTests {

  @Inject ObjectMapper mapper;

  static final TickReport FULL =
      new TickReport(
          42L,
          Trigger.MANUAL,
          RunStatus.PARTIAL,
          "busy \"quoted\" é",
          Instant.parse("2026-11-23T09:00:00.123456789Z"),
          9_876L,
          true,
          3,
          17,
          2,
          1,
          List.of(
              new CampaignReport(
                  7L, "acme", "Renewals", "SCHEDULED", "RUNNING", true, 120, 17, null),
              new CampaignReport(8L, "acme", null, "RUNNING", null, false, null, 0, "at_capacity")),
          List.of(new RunError(8L, "provider answered 500"), new RunError(null, "budget spent")),
          Instant.parse("2026-11-23T09:01:00Z"));

  static final TickReport SKIPPED =
      new TickReport(
          null,
          Trigger.CRON,
          RunStatus.SKIPPED,
          "interval",
          Instant.parse("2026-11-23T09:00:00.100Z"),
          3L,
          false,
          0,
          0,
          0,
          0,
          List.of(),
          List.of(),
          null);

  @Test
  void aReportIsWrittenAsTheObjectMapperWritesIt() throws Exception {
    for (TickReport report : List.of(FULL, FULL.summary(), SKIPPED, SKIPPED.summary())) {
      assertEquals(
          mapper.readTree(mapper.writeValueAsString(report)),
          mapper.readTree(TickReportJson.toJson(report)),
          TickReportJson.toJson(report));
    }
  }

  @Test
  void storedErrorsAndDetailsAreWrittenAsTheObjectMapperWritesThem() throws Exception {
    assertEquals(
        mapper.readTree(mapper.writeValueAsString(FULL.errors())),
        mapper.readTree(TickReportJson.errorsJson(FULL.errors())));
    assertEquals("[]", TickReportJson.errorsJson(List.of()));
    for (String detail : new String[] {"timed out after 5000 ms", "line\nbreak \\ \"q\"", null}) {
      assertEquals(
          mapper.createObjectNode().put("detail", detail).toString(),
          Sql.jsonObject("detail", detail));
    }
  }
}
