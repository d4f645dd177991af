package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hashing;
import io.jitguard.dirs.UserDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Loads the native libraries NVRTC needs, in the order that makes it work without a GPU.
 *
 * <p>JavaCPP loads cudart's JNI library before NVRTC's, and that library links against
 * {@code libcuda.so.1}. A real driver is looked up first and loaded by its path, so it always
 * wins; only where none exists is the placeholder built from {@code native/} loaded in its place.
 * Once a library with that soname is in the process, the dynamic linker uses it for every later
 * dependency on it.
 */
final class NativeLibraries {
  static final String DRIVER_SONAME = "libcuda.so.1";
  /** Set to 1 to ignore an installed driver (to try the driverless path on a GPU machine). */
  static final String NO_DRIVER_ENV = "JITGUARD_NO_DRIVER";
  /**
   * The driver library (or placeholder) a parent process loaded, given to its compile workers so
   * that each loads the same file without searching again (the search runs {@code ldconfig -p}).
   */
  static final String DRIVER_PROPERTY = "jitguard.driver";
  static final String PLACEHOLDER_PROPERTY = "jitguard.driver.placeholder";
  private static final String PLACEHOLDER_RESOURCE = "native/linux-x86_64/" + DRIVER_SONAME;
  private static final List<String> DRIVER_DIRS = List.of(
      "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/lib64",
      "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", "/usr/lib/wsl/lib");

  private NativeLibraries() {}

  /** Loads the driver (or the placeholder); call before anything touches JavaCPP's CUDA classes. */
  static DriverLibrary loadDriver() {
    String known = System.getProperty(DRIVER_PROPERTY, "");
    if (!known.isEmpty() && Files.isRegularFile(Path.of(known))) { // a compile worker: its parent's choice
      boolean placeholder = Boolean.getBoolean(PLACEHOLDER_PROPERTY);
      try {
        System.load(known);
      } catch (UnsatisfiedLinkError e) {
        throw new NvrtcUnavailableException("cannot load the driver library " + known + ": " + e.getMessage());
      }
      return new DriverLibrary(Path.of(known), placeholder);
    }
    if (!"1".equals(System.getenv(NO_DRIVER_ENV))) {
      for (Path candidate : driverCandidates()) {
        try {
          System.load(candidate.toString());
          return new DriverLibrary(candidate, false);
        } catch (UnsatisfiedLinkError e) {
          // a stale or foreign-architecture copy: try the next, then the placeholder
        }
      }
    }
    Path placeholder = extractPlaceholder();
    System.load(placeholder.toString());
    return new DriverLibrary(placeholder, true);
  }

  /** Real driver libraries on this machine, in the dynamic linker's order of preference. */
  static ImmutableList<Path> driverCandidates() {
    Set<Path> found = new LinkedHashSet<>();
    String ldPath = System.getenv("LD_LIBRARY_PATH");
    if (ldPath != null) {
      for (String dir : ldPath.split(":")) {
        if (!dir.isBlank()) {
          addIfPresent(found, Path.of(dir, DRIVER_SONAME));
        }
      }
    }
    for (Path p : ldconfigEntries()) {
      addIfPresent(found, p);
    }
    for (String dir : DRIVER_DIRS) {
      addIfPresent(found, Path.of(dir, DRIVER_SONAME));
    }
    return ImmutableList.copyOf(found);
  }

  private static void addIfPresent(Set<Path> found, Path p) {
    if (Files.isRegularFile(p)) {
      try {
        found.add(p.toRealPath());
      } catch (IOException e) {
        found.add(p.toAbsolutePath());
      }
    }
  }

  /** {@code libcuda.so.1} entries of the linker cache, read through {@code ldconfig -p}. */
  private static List<Path> ldconfigEntries() {
    List<Path> out = new ArrayList<>();
    for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
      if (!Files.isExecutable(Path.of(ldconfig))) {
        continue;
      }
      try {
        Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.SECONDS);
        for (String line : text.split("\n")) {
          String t = line.trim();
          if (t.startsWith(DRIVER_SONAME + " ") && t.contains("x86-64") && t.contains("=>")) {
            out.add(Path.of(t.substring(t.indexOf("=>") + 2).trim()));
          }
        }
      } catch (IOException e) {
        // no linker cache to read: the fixed directories still get searched
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      break;
    }
    return out;
  }

  /** Copies the placeholder out of the jar into a content-addressed cache folder, atomically. */
  private static Path extractPlaceholder() {
    try {
      return extract(PLACEHOLDER_RESOURCE, DRIVER_SONAME, false).orElseThrow(() -> new NvrtcUnavailableException(
          "the libcuda.so.1 placeholder is missing from jitguard's classes (resource io/jitguard/nvrtc/"
              + PLACEHOLDER_RESOURCE + "); rebuild with 'mvn package'"));
    } catch (IOException e) {
      throw new NvrtcUnavailableException("cannot write the libcuda.so.1 placeholder to the cache folder: " + e);
    }
  }

  /**
   * A native file of jitguard's classes (relative to this package), copied out into
   * {@code <cache>/native/<its digest>/<name>} once, atomically, and made executable where asked;
   * empty when the jar does not hold it.
   *
   * @throws IOException when the cache folder cannot be written
   */
  static Optional<Path> extract(String resource, String name, boolean executable) throws IOException {
    byte[] bytes;
    try (InputStream in = NativeLibraries.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      bytes = in.readAllBytes();
    }
    String digest = Hashing.sha256().hashBytes(bytes).toString().substring(0, 16);
    Path dir = UserDirs.cacheDir().resolve("native").resolve(digest);
    Path target = dir.resolve(name);
    if (Files.isRegularFile(target) && (!executable || Files.isExecutable(target))) {
      return Optional.of(target);
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, name, ".tmp");
    Files.write(tmp, bytes);
    if (executable) {
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
    }
    return Optional.of(target);
  }

  /** The file a loaded shared library came from, read from {@code /proc/self/maps}. */
  static Optional<Path> loadedPath(String fileNamePrefix) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        int slash = line.indexOf('/');
        if (slash < 0) {
          continue;
        }
        Path p = Path.of(line.substring(slash).trim());
        if (p.getFileName() != null && p.getFileName().toString().startsWith(fileNamePrefix)) {
          return Optional.of(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc hidden: the path is only informative
    }
    return Optional.empty();
  }
}
