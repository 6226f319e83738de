package dev.campaigntick.tick;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

@QuarkusTest
class ParallelTickTests {

  @Inject TestDatabase db;
  @Inject SettableTimeSource clock;

  @AfterEach
  void releaseTime() {
    clock.reset();
  }

  @RepeatedTest(3)
  void sixteenParallelTicksProduceExactlyOneRun() throws Exception {
    db.reset();
    clock.set(Instant.parse("2026-11-23T09:00:00Z"));
    int ticks = 16;
    ExecutorService pool = Executors.newFixedThreadPool(ticks);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < ticks; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return Api.cron()
                      .post("/api/scheduler/tick")
                      .then()
                      .statusCode(200)
                      .extract()
                      .path("status");
                }));
      }
      start.countDown();
      long running = 0;
      for (Future<String> answer : answers) {
        if (!"SKIPPED".equals(answer.get())) {
          running++;
        }
      }
      assertEquals(1, running);
      assertEquals(
          1L,
          db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs WHERE status <> 'SKIPPED'"));
      assertEquals((long) ticks, db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs"));
    } finally {
      pool.shutdownNow();
    }
  }
}
