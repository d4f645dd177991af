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

  public static Path bundledManifest() {
    return projectDir().resolve("kernels").resolve("manifest.json");
  }
}
