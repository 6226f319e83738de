package dev.campaigntick.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.HttpProviderProfile;
import dev.campaigntick.support.ProviderStub;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.StatementCounts;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The batch at scale (not part of the test suite: {@code ./mvnw verify -Pbench}). Seeds N campaigns
 * with M due contacts each, points the function at a loopback provider stub that answers at once,
 * fires cron ticks and reports launches per tick and per second, tick duration and SQL statements
 * per tick (pg_stat_statements). Writes target/benchmarks/tick.md.
 */
@QuarkusTest
@TestProfile(TickBenchmark.Profile.class)
@Tag("benchmark")
class TickBenchmark {

  /** The shipped defaults: a 10 s budget, 64 launches in flight, against a fast stub. */
  public static class Profile extends HttpProviderProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
      overrides.put("campaign-tick.tick-budget-ms", "10000");
      overrides.put("campaign-tick.call-provider", System.getProperty("bench.provider", "http"));
      overrides.put(
          "campaign-tick.call-provider-concurrency", System.getProperty("bench.concurrency", "64"));
      overrides.put("campaign-tick.call-provider-timeout-ms", "5000");
      overrides.put("quarkus.log.category.\"dev.campaigntick\".level", "WARN");
      return overrides;
    }
  }

  record Row(
      int campaigns,
      int contactsEach,
      int tick,
      int launched,
      long durationMs,
      long serverMs,
      long statements,
      boolean budgetExhausted,
      String status) {}

  @Inject TestDatabase db;
  @Inject Fixtures fixtures;
  @Inject SettableTimeSource clock;

  @Test
  void launchesAtScale() throws IOException {
    assertTrue(
        StatementCounts.available(db), "statements per tick are counted with pg_stat_statements");
    int total = Integer.getInteger("bench.contacts", 40_000);
    int[] campaignCounts =
        java.util.Arrays.stream(System.getProperty("bench.campaigns", "10,1000,10000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    // The first ticks of a fresh JVM pay for class loading and a cold JIT: they are measured
    // (and reported) apart, so the table shows a warm function as a scheduler keeps it.
    List<Row> cold = run(100, 200);
    List<Row> rows = new ArrayList<>();
    for (int campaigns : campaignCounts) {
      rows.addAll(run(campaigns, Math.max(1, total / campaigns)));
    }
    Path out = Path.of("target", "benchmarks", "tick.md");
    Files.createDirectories(out.getParent());
    String report =
        "Warm function:\n\n"
            + report(rows, total)
            + "\nFirst ticks after the JVM started (cold JIT), 100 x 200:\n\n"
            + report(cold, 20_000);
    Files.writeString(out, report);
    System.out.println(report);
  }

  private List<Row> run(int campaigns, int contactsEach) {
    db.reset();
    ProviderStub stub = HttpProviderProfile.stub();
    stub.reset();
    CircuitBreakerMaintenance.get().resetAll();
    Instant now = Instant.parse("2026-11-23T09:00:00Z");
    clock.set(now);
    db.execute(
        """
        INSERT INTO campaigns (organization_id, name, status, max_concurrent_calls, agent,
                               created_at, updated_at)
        SELECT 'org' || (i % 50), 'Bench ' || i, 'RUNNING', 100000, '{"voice":"alloy"}', ?, ?
        FROM generate_series(1, ?) AS i
        """,
        now, now, campaigns);
    db.execute(
        """
        INSERT INTO contacts (campaign_id, phone, created_at)
        SELECT c.id, '+1' || (2000000000 + c.id * 10000 + i)::text, ?
        FROM campaigns c, generate_series(1, ?) AS i
        """,
        now,
        contactsEach);
    db.execute("VACUUM ANALYZE");
    List<Row> rows = new ArrayList<>();
    int launchedSoFar = 0;
    for (int tick = 1; tick <= 3 && launchedSoFar < campaigns * contactsEach; tick++) {
      StatementCounts.reset(db);
      long started = System.nanoTime();
      String body = tick();
      long wallMs = (System.nanoTime() - started) / 1_000_000;
      JsonPath answer = new JsonPath(body);
      long statements = StatementCounts.calls(db, "");
      int launched = answer.getInt("launched");
      launchedSoFar += launched;
      rows.add(
          new Row(
              campaigns,
              contactsEach,
              tick,
              launched,
              wallMs,
              answer.getLong("durationMs"),
              statements,
              answer.getBoolean("budgetExhausted"),
              answer.getString("status")));
      clock.advance(Duration.ofMinutes(1));
    }
    long duplicates = stub.duplicateCalls();
    if (duplicates > 0) {
      throw new AssertionError(duplicates + " contacts were called under two keys");
    }
    System.out.printf(
        "campaigns=%d: %d requests, %d re-sends of an unconfirmed key%n",
        campaigns, stub.requests().size(), stub.resends());
    return rows;
  }

  /** One cron tick through a plain HTTP client, so client-side parsing is not timed. */
  private static String tick() {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          RestAssured.baseURI + ":" + RestAssured.port + "/api/scheduler/tick"))
                  .header("X-Cron-Secret", Api.CRON_SECRET)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("tick answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static String report(List<Row> rows, int total) {
    StringBuilder md = new StringBuilder();
    md.append("| campaigns | contacts each | tick | launched | answer ms (client) | durationMs")
        .append(" (server) | launches/s | SQL statements | budget exhausted | status |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (Row r : rows) {
      md.append(
          String.format(
              "| %,d | %,d | %d | %,d | %,d | %,d | %,.0f | %d | %s | %s |%n",
              r.campaigns(),
              r.contactsEach(),
              r.tick(),
              r.launched(),
              r.durationMs(),
              r.serverMs(),
              r.launched() * 1000.0 / Math.max(1, r.durationMs()),
              r.statements(),
              r.budgetExhausted(),
              r.status()));
    }
    md.append("\n").append(total).append(" due contacts per size; duplicates sent: 0.\n");
    return md.toString();
  }
}
