package bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * db-scheduler as its README sets it up for throughput: one one-time task instance per contact
 * (the instance id is the phone), the lock-and-fetch polling strategy, as many threads as
 * campaign-tick has launches in flight, and a connection pool a little larger than that.
 *
 * <p>Arguments: jdbcUrl user password providerUrl threads
 */
public final class DbSchedulerWorker {

  private DbSchedulerWorker() {}

  public static void main(String[] args) {
    String providerUrl = args[3];
    int threads = Integer.parseInt(args[4]);
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(args[0]);
    pool.setUsername(args[1]);
    pool.setPassword(args[2]);
    pool.setMaximumPoolSize(threads + 4);
    HikariDataSource dataSource = new HikariDataSource(pool);

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    OneTimeTask<Void> launch =
        Tasks.oneTime("launch")
            .execute(
                (instance, context) -> {
                  String phone = instance.getId();
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create(providerUrl))
                          .header("Content-Type", "application/json")
                          .header("Idempotency-Key", "dbs-" + phone)
                          .timeout(Duration.ofSeconds(5))
                          .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"" + phone + "\"}"))
                          .build();
                  try {
                    int status =
                        http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status / 100 != 2 && status != 409) {
                      throw new IllegalStateException("provider answered " + status);
                    }
                  } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                });

    Scheduler scheduler =
        Scheduler.create(dataSource, launch)
            .threads(threads)
            .pollUsingLockAndFetch(0.5, 1.0)
            .pollingInterval(Duration.ofSeconds(1))
            .registerShutdownHook()
            .build();
    scheduler.start();
    System.out.println("READY");
  }
}
