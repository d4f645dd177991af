package io.jitguard.check;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;

/**
 * Everything {@code jitguard check} was asked to do, as a door hands it to the core: the manifest
 * (when no files are given) or the files, and how to preprocess and instantiate them.
 *
 * @param targets as the user wrote them; empty: the manifest's defaults, or sm_90a for files
 * @param instantiate NVRTC name expressions to check the files' templates under
 * @param bindings template parameter (or alias) name to type, applied by name everywhere
 * @param python Python sources whose calls are checked against the registrations of the C++ files (JG005)
 */
public record CheckRequest(Path manifest, ImmutableList<Path> files, ImmutableList<Path> includeDirs,
    ImmutableMap<String, String> defines, ImmutableList<String> targets, ImmutableList<String> instantiate,
    ImmutableMap<String, String> bindings, ImmutableList<String> families, ImmutableList<Path> python) {

  public CheckRequest(Path manifest, ImmutableList<Path> files, ImmutableList<Path> includeDirs,
      ImmutableMap<String, String> defines, ImmutableList<String> targets, ImmutableList<String> instantiate,
      ImmutableMap<String, String> bindings, ImmutableList<String> families) {
    this(manifest, files, includeDirs, defines, targets, instantiate, bindings, families, ImmutableList.of());
  }
}
