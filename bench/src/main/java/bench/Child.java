package bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A system's process: output to a log file, ready when it prints a given marker. */
final class Child implements AutoCloseable {

  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Path log;

  Child(List<String> command, Map<String, String> env, Path log, String readyMarker)
      throws IOException {
    this.log = log;
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    process = builder.start();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                String line;
                while ((line = in.readLine()) != null) {
                  out.println(line);
                  out.flush();
                  if (readyMarker != null && line.contains(readyMarker)) {
                    ready.countDown();
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "log-" + log.getFileName());
    pump.setDaemon(true);
    pump.start();
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the ready marker; fails if the process dies or takes too long. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.await(100, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("process ended before it was ready; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not ready after " + timeout + "; see " + log);
      }
    }
  }

  /** Writes a line to the process' standard input. */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Waits for the process to end by itself. */
  int await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("still running after " + timeout + "; see " + log);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
