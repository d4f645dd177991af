package io.jitguard.manifest;

import java.nio.file.Path;

/** One thing wrong with a manifest, at a place in it. */
public record ManifestProblem(Path file, int line, int column, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": error: " + message;
  }
}
