package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** CPU time and peak memory of processes, read from /proc (Linux). */
final class Proc {

  /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
  private static final double HZ = 100.0;

  private Proc() {}

  /** User + system CPU seconds of a process, plus those of its reaped children. */
  static double cpuSeconds(long pid) {
    String[] f = statFields(pid);
    if (f == null) {
      return 0;
    }
    return (Long.parseLong(f[13]) + Long.parseLong(f[14]) + Long.parseLong(f[15])
            + Long.parseLong(f[16]))
        / HZ;
  }

  /**
   * CPU seconds of a process tree one level deep, such as PostgreSQL: the postmaster with its
   * reaped backends, plus every live child.
   */
  static double treeCpuSeconds(long parent) {
    double total = cpuSeconds(parent);
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] f = statFields(Long.parseLong(name));
        if (f != null && Long.parseLong(f[3]) == parent) {
          total += (Long.parseLong(f[13]) + Long.parseLong(f[14])) / HZ;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return total;
  }

  /** Peak resident set (VmHWM) in MiB, or 0 when the process is gone. */
  static long peakRssMb(long pid) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
      for (String line : lines) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  /** The fields of /proc/<pid>/stat, 0-based after the pid, with the command name removed. */
  private static String[] statFields(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String afterName = stat.substring(stat.lastIndexOf(')') + 2);
      String[] rest = afterName.split(" ");
      String[] fields = new String[rest.length + 2];
      fields[0] = String.valueOf(pid);
      fields[1] = "comm";
      System.arraycopy(rest, 0, fields, 2, rest.length);
      return fields;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
