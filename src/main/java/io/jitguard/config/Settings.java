package io.jitguard.config;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * What a config file (or the command line) may set; empty means "not set here". Later layers
 * override earlier ones key by key: user config, then project config, then command-line flags.
 */
public record Settings(Optional<ImmutableList<String>> targets, Optional<Integer> jobs, Optional<String> outDir,
    Optional<Boolean> strict, Optional<Boolean> check, Optional<Boolean> verbose, Optional<String> output,
    Optional<Boolean> failOnWarnings, Optional<String> remoteCache) {

  public static final Settings EMPTY = new Settings(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** This layer with every key {@code higher} sets replaced by its value. */
  public Settings overriddenBy(Settings higher) {
    return new Settings(higher.targets.or(() -> targets), higher.jobs.or(() -> jobs), higher.outDir.or(() -> outDir),
        higher.strict.or(() -> strict), higher.check.or(() -> check), higher.verbose.or(() -> verbose),
        higher.output.or(() -> output), higher.failOnWarnings.or(() -> failOnWarnings),
        higher.remoteCache.or(() -> remoteCache));
  }
}
