package io.jitguard.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads each file once and shares it between runs (targets, variants): files do not change mid-run. */
public final class SourceCache {
  private final Map<Path, SourceFile> files = new ConcurrentHashMap<>();
  private final Path workingDir;

  public SourceCache() {
    this(Path.of("").toAbsolutePath());
  }

  public SourceCache(Path workingDir) {
    this.workingDir = workingDir;
  }

  /** @throws IOException when the file cannot be read (or is not UTF-8) */
  public SourceFile get(Path path) throws IOException {
    Path abs = path.toAbsolutePath().normalize();
    SourceFile f = files.get(abs);
    if (f != null) {
      return f;
    }
    String text = Files.readString(abs, StandardCharsets.UTF_8);
    f = new SourceFile(abs, display(abs), text);
    SourceFile prior = files.putIfAbsent(abs, f);
    return prior != null ? prior : f;
  }

  /** An in-memory file (command-line macros, built-ins). */
  public static SourceFile synthetic(String name, String text) {
    return new SourceFile(Path.of(name), name, text);
  }

  /** As the user would write it: relative to the working folder when inside it. */
  public String display(Path abs) {
    return abs.startsWith(workingDir) && !abs.equals(workingDir) ? workingDir.relativize(abs).toString() : abs.toString();
  }
}
