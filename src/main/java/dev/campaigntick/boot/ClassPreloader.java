package dev.campaigntick.boot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads, on a background thread while Quarkus starts, the classes a fresh process loads by its
 * first tick answer (META-INF/campaign-tick-boot-classes.txt, in the order they were loaded;
 * infra/aws/preload-classes.sh writes it). Start-up is mostly one thread loading classes one after
 * another (about 7,400 by the first answer); with a second core this thread runs ahead of it, so
 * the start-up thread finds most of them loaded. Classes are loaded and not initialized, so no
 * static initializer runs early or on this thread, and two threads cannot deadlock on one. A name
 * that no longer loads is skipped. {@code PRELOAD_CLASSES=false} turns it off.
 */
public final class ClassPreloader {

  /** The list, a class path resource. */
  public static final String LIST = "META-INF/campaign-tick-boot-classes.txt";

  private ClassPreloader() {}

  /** Starts the preloading thread unless turned off or in a native image (nothing to load). */
  static void startIfEnabled(ClassLoader loader) {
    if ("false".equalsIgnoreCase(System.getenv("PRELOAD_CLASSES"))
        || System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
      return;
    }
    Thread thread = new Thread(() -> preload(loader, LIST), "class-preloader");
    thread.setDaemon(true);
    thread.start();
  }

  /** Loads every class named in {@code list} with {@code loader}; returns how many loaded. */
  public static int preload(ClassLoader loader, String list) {
    int loaded = 0;
    try (InputStream in = loader.getResourceAsStream(list)) {
      if (in == null) {
        return 0;
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String name : classNames(lines.lines())) {
        try {
          Class.forName(name, false, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError e) {
          // Renamed or gone since the list was written: start-up loads what it needs anyway.
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // An unreadable list only means start-up loads its classes itself.
    }
    return loaded;
  }

  /** The class names of a list's lines: one a line, blank lines and # comments left out. */
  public static List<String> classNames(Stream<String> lines) {
    return lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }
}
