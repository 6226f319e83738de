package dev.campaigntick.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up class preloader: loads what its list names, initializes nothing, skips the rest. */
class ClassPreloaderTests {

  static volatile boolean markerInitialized;

  /** Its static initializer says when it ran. */
  static class Marker {
    static {
      markerInitialized = true;
    }
  }

  @Test
  void loadsTheListedClassesWithoutInitializingThemAndSkipsWhatIsGone(@TempDir Path dir)
      throws Exception {
    Path list = dir.resolve("META-INF/boot-classes.txt");
    Files.createDirectories(list.getParent());
    Files.writeString(
        list,
        "# a comment\n\n"
            + Marker.class.getName()
            + "\nno.such.ClassAnywhere\n  java.util.concurrent.Phaser  \n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      assertEquals(2, ClassPreloader.preload(loader, "META-INF/boot-classes.txt"));
      assertEquals(0, ClassPreloader.preload(loader, "META-INF/no-such-list.txt"));
    }
    assertFalse(markerInitialized, "a preloaded class is loaded, not initialized");
    Class.forName(Marker.class.getName(), true, getClass().getClassLoader());
    assertTrue(markerInitialized);
  }
}
