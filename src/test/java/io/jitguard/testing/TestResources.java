package io.jitguard.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files under the project's {@code test-resources/} and {@code kernels/} folders. */
public final class TestResources {
  private TestResources() {}

  public static Path projectDir() {
    return Path.of(System.getProperty("jitguard.projectDir", ".")).toAbsolutePath().normalize();
  }

  public static Path path(String relative) {
    Path p = projectDir().resolve("test-resources").resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalArgumentException("no test resource " + p);
    }
    return p;
  }

  /** Copies a folder and everything under it to {@code to} (created), for tests that change the files. */
  public static void copyTree(Path from, Path to) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  public static Path bundledManifest() {
    return projectDir().resolve("kernels").resolve("manifest.json");
  }
}
