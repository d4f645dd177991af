package io.jitguard.manifest;

import com.google.common.collect.ImmutableList;
import io.jitguard.targets.Target;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * One implementation of a kernel family: a source file, its entry points (name-expression
 * templates such as {@code ns::decode_kernel<{DTypeQ}, {IdType}>}) and the SM range it serves.
 */
public record Variant(
    String name, Path source, ImmutableList<String> entryPoints, int minSm, OptionalInt maxSm,
    ImmutableList<String> options) {

  public Variant {
    entryPoints = ImmutableList.copyOf(entryPoints);
    options = ImmutableList.copyOf(options);
  }

  public boolean supports(Target target) {
    return target.sm() >= minSm && (maxSm.isEmpty() || target.sm() <= maxSm.getAsInt());
  }

  /** {@code sm_80+} or {@code sm_90..sm_90}. */
  public String smRange() {
    return "sm_" + minSm + (maxSm.isPresent() ? "..sm_" + maxSm.getAsInt() : "+");
  }
}
