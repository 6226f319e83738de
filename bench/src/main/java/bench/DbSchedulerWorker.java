package bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
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

  /**
   * Waits until the pool has opened all its connections, as a running service's pool has: Hikari
   * opens them in the background, each a SCRAM login that costs tens of milliseconds of CPU, and
   * left to run past t0 they took the launches' CPU.
   */
  private static void awaitFull(HikariDataSource dataSource) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (dataSource.getHikariPoolMXBean().getTotalConnections()
        < dataSource.getMaximumPoolSize()) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("the connection pool did not fill in 60 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static URL toUrl(String url) {
    try {
      return URI.create(url).toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * One launch on the calling thread, with the JDK's blocking client: the JDK's {@code HttpClient}
   * hands every request to its own worker and selector threads and back, which with 64 blocking
   * callers cost about as much CPU as the rest of the worker (bench/README.md).
   */
  private static int post(URL provider, String phone) throws IOException {
    byte[] body = ("{\"phone\":\"" + phone + "\"}").getBytes(UTF_8);
    HttpURLConnection connection = (HttpURLConnection) provider.openConnection();
    connection.setConnectTimeout(2000);
    connection.setReadTimeout(5000);
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setFixedLengthStreamingMode(body.length);
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setRequestProperty("Idempotency-Key", "dbs-" + phone);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    int status = connection.getResponseCode();
    try (InputStream in =
        status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
    return status;
  }

  public static void main(String[] args) {
    String providerUrl = args[3];
    int threads = Integer.parseInt(args[4]);
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(args[0]);
    pool.setUsername(args[1]);
    pool.setPassword(args[2]);
    pool.setMaximumPoolSize(threads + 4);
    HikariDataSource dataSource = new HikariDataSource(pool);
    awaitFull(dataSource);

    // One keep-alive connection per thread (the JDK keeps 5 per host unless told), as BullMQ's
    // agent keeps one per launch in flight; read before the first connection opens.
    System.setProperty("http.maxConnections", String.valueOf(threads));
    URL provider = toUrl(providerUrl);
    OneTimeTask<Void> launch =
        Tasks.oneTime("launch")
            .execute(
                (instance, context) -> {
                  String phone = instance.getId();
                  int status;
                  try {
                    status = post(provider, phone);
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                  if (status / 100 != 2 && status != 409) {
                    throw new IllegalStateException("provider answered " + status);
                  }
                });

    Scheduler scheduler =
        Scheduler.create(dataSource, launch)
            .threads(threads)
            .pollUsingLockAndFetch(0.5, 1.0)
            .pollingInterval(Duration.ofSeconds(1))
            .registerShutdownHook()
            .build();
    // Started paused (pause only sets a flag that start keeps); "go" on stdin resumes it.
    scheduler.pause();
    scheduler.start();
    System.out.println("READY");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.strip().equals("go")) {
          scheduler.resume();
          scheduler.triggerCheckForDueExecutions();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
