package dev.campaigntick.boot;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point of the jar and the container: starts {@link ClassPreloader} beside Quarkus'
 * start-up, then starts Quarkus as its generated main would. (The Lambda handler does not come
 * through here; SnapStart preloads its own list before the snapshot.)
 */
@QuarkusMain
public class Main {

  public static void main(String... args) {
    ClassPreloader.startIfEnabled(Thread.currentThread().getContextClassLoader());
    Quarkus.run(args);
  }
}
