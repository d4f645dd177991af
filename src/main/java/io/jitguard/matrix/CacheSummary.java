package io.jitguard.matrix;

import io.jitguard.cache.KernelCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the kernel cache did for a matrix compile: where it is (empty: off), whether it outlives the
 * run, and how many units came from it, were compiled, or had no key.
 */
public record CacheSummary(Optional<Path> folder, boolean persistent, int fromCache, int compiled, int notCacheable,
    int corrupt) {

  static CacheSummary of(KernelCache cache, List<UnitResult> results) {
    int hits = 0;
    int compiled = 0;
    int none = 0;
    for (UnitResult r : results) {
      if (r.fromCache()) {
        hits++;
      } else if (r.millis() > 0 || r.ok() || r.diagnostics().size() > 0) {
        compiled++;
      }
      if (r.notCacheable().isPresent()) {
        none++;
      }
    }
    return new CacheSummary(cache.enabled() ? Optional.of(cache.folder()) : Optional.empty(), cache.persistent(), hits,
        compiled, none, cache.counts().corrupt());
  }
}
