package io.jitguard.matrix;

import com.google.common.collect.ImmutableList;
import io.jitguard.plan.Shard;
import java.nio.file.Path;

/**
 * Everything {@code jitguard compile} was asked to do, as the doors (CLI, build plugin, tests)
 * hand it to the core.
 *
 * @param targets as the user wrote them ({@code 80}, {@code sm_90a}); empty: the manifest's defaults
 * @param families family names to compile; empty: all
 * @param jobs parallel NVRTC compilations
 * @param strict whether any variant failing is fatal, not only a slot left without a variant
 * @param check whether to run the static checks first and skip the units they prove broken
 * @param timeoutMillis a unit compiling longer than this is cancelled and fails (0: no limit)
 * @param shard compile only this share of the units (for the cache server; a run without one assembles)
 */
public record CompileRequest(
    Path manifest, ImmutableList<String> targets, ImmutableList<String> families, int jobs, Path outDir,
    boolean ptx, boolean strict, boolean check, long timeoutMillis, java.util.Optional<Shard> shard) {

  public CompileRequest(Path manifest, ImmutableList<String> targets, ImmutableList<String> families, int jobs,
      Path outDir, boolean ptx, boolean strict) {
    this(manifest, targets, families, jobs, outDir, ptx, strict, true);
  }

  public CompileRequest(Path manifest, ImmutableList<String> targets, ImmutableList<String> families, int jobs,
      Path outDir, boolean ptx, boolean strict, boolean check) {
    this(manifest, targets, families, jobs, outDir, ptx, strict, check, 0, java.util.Optional.empty());
  }

  public CompileRequest(Path manifest, ImmutableList<String> targets, ImmutableList<String> families, int jobs,
      Path outDir, boolean ptx, boolean strict, boolean check, long timeoutMillis) {
    this(manifest, targets, families, jobs, outDir, ptx, strict, check, timeoutMillis, java.util.Optional.empty());
  }

  /**
   * {@code 500ms}, {@code 90s}, {@code 2m}, or seconds as a bare number.
   *
   * @throws IllegalArgumentException naming {@code what}, for anything else
   */
  public static long parseMillis(String text, String what) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d{1,9})\\s*(ms|s|m)?\\s*").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(what + ": '" + text + "' is not a duration (such as 500ms, 90s or 2m)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> n;
      case "m" -> n * 60_000;
      default -> n * 1000;
    };
  }


  public CompileRequest {
    targets = ImmutableList.copyOf(targets);
    families = ImmutableList.copyOf(families);
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
    }
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("a time limit cannot be negative: " + timeoutMillis);
    }
  }
}
