package dev.campaigntick.db;

import static dev.campaigntick.support.Ticks.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.FrozenNetworkRelay;
import dev.campaigntick.support.PackagedAppDatabase;
import dev.campaigntick.support.SettableTimeSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A database that goes silent in the middle of a statement (its host gone without a reset: a
 * failover, a dropped NAT entry) must not hold a tick, its thread and its connection forever: the
 * driver gives up after its socket timeout, the tick answers 503, and once the database answers
 * again the next tick runs. The function reaches PostgreSQL through a relay the test can freeze.
 */
@QuarkusTest
@TestProfile(SilentDatabaseTests.RelayedDatabase.class)
class SilentDatabaseTests {

  static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");

  /** The socket timeout this profile sets (60 s by default; see application.properties). */
  static final int SOCKET_TIMEOUT_SECONDS = 2;

  @Inject SettableTimeSource clock;

  @AfterEach
  void tearDown() {
    RelayedDatabase.relay().thaw();
    clock.reset();
  }

  @Test
  void aTickWhoseDatabaseGoesSilentAnswers503AndTheNextOneRuns() throws Exception {
    clock.set(MONDAY_9AM);
    assertEquals("COMPLETED", tick().getString("status"));

    RelayedDatabase.relay().freeze();
    // Without a socket timeout this request never gets an answer: the test fails on the wait.
    CompletableFuture<Response> silent =
        CompletableFuture.supplyAsync(
            () -> Api.cron().post("/api/scheduler/tick").then().extract().response());
    Response answer = silent.get(SOCKET_TIMEOUT_SECONDS + 20L, TimeUnit.SECONDS);
    assertEquals(503, answer.statusCode(), answer.asString());
    assertEquals("database_unavailable", answer.jsonPath().getString("error"));

    RelayedDatabase.relay().thaw();
    clock.advance(Duration.ofMinutes(2));
    assertEquals("COMPLETED", tick().getString("status"));
  }

  /** A PostgreSQL of its own behind a relay, and a short socket timeout. */
  public static class RelayedDatabase implements QuarkusTestProfile {

    private static FrozenNetworkRelay relay;

    static synchronized FrozenNetworkRelay relay() {
      return relay;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("DB_SOCKET_TIMEOUT_SECONDS", String.valueOf(SOCKET_TIMEOUT_SECONDS));
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(Resource.class));
    }

    /** Starts the database and the relay before the application and points it at the relay. */
    public static class Resource extends PackagedAppDatabase {

      @Override
      public Map<String, String> start() {
        synchronized (RelayedDatabase.class) {
          Map<String, String> config = new HashMap<>(super.start());
          try {
            relay = new FrozenNetworkRelay("127.0.0.1", port());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          config.put(
              "quarkus.datasource.jdbc.url",
              "jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres");
          return config;
        }
      }

      @Override
      public void stop() {
        synchronized (RelayedDatabase.class) {
          try {
            if (relay != null) {
              relay.close();
            }
          } catch (IOException ignored) {
            // the test JVM is ending
          } finally {
            relay = null;
            super.stop();
          }
        }
      }
    }
  }
}
