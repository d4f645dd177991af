package io.jitguard.matrix;

import com.google.common.collect.ImmutableList;
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
 */
public record CompileRequest(
    Path manifest, ImmutableList<String> targets, ImmutableList<String> families, int jobs, Path outDir,
    boolean ptx, boolean strict, boolean check) {

  public CompileRequest(Path manifest, ImmutableList<String> targets, ImmutableList<String> families, int jobs,
      Path outDir, boolean ptx, boolean strict) {
    this(manifest, targets, families, jobs, outDir, ptx, strict, true);
  }


  public CompileRequest {
    targets = ImmutableList.copyOf(targets);
    families = ImmutableList.copyOf(families);
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
    }
  }
}
