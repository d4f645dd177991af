package io.jitguard.targets;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** The targets the loaded NVRTC can compile for, from {@code nvrtcGetSupportedArchs}. */
public final class SupportedTargets {
  private final String compilerName;
  private final ImmutableSortedSet<Integer> archs;

  public SupportedTargets(String compilerName, Collection<Integer> archs) {
    this.compilerName = compilerName;
    this.archs = ImmutableSortedSet.copyOf(archs);
  }

  public ImmutableSortedSet<Integer> archs() {
    return archs;
  }

  /** Every target: each supported sm, plus its arch-specific form from sm_90 on. */
  public ImmutableList<Target> all() {
    ImmutableList.Builder<Target> out = ImmutableList.builder();
    for (int sm : archs) {
      out.add(new Target(sm, false));
      if (sm >= Target.FIRST_ARCH_SPECIFIC_SM) {
        out.add(new Target(sm, true));
      }
    }
    return out.build();
  }

  public boolean supports(Target target) {
    return archs.contains(target.sm());
  }

  /** Parses and validates one user-written target. */
  public Target resolve(String text) {
    Target target = Target.parse(text);
    require(target);
    return target;
  }

  /** Parses and validates a list such as {@code 80,86,90a}; duplicates are dropped, order kept. */
  public ImmutableList<Target> resolveAll(List<String> texts) {
    return texts.stream()
        .flatMap(t -> List.of(t.split(",")).stream())
        .map(String::trim)
        .filter(t -> !t.isEmpty())
        .map(this::resolve)
        .distinct()
        .collect(ImmutableList.toImmutableList());
  }

  public void require(Target target) {
    if (!supports(target)) {
      throw new TargetException("unsupported target '" + target.name() + "': " + compilerName
          + " supports " + describe());
    }
  }

  /** {@code sm_75, sm_80, ..., sm_121 (arch-specific: sm_90a, sm_100a, ...)}. */
  public String describe() {
    String plain = archs.stream().map(a -> "sm_" + a).collect(Collectors.joining(", "));
    String specific = archs.stream().filter(a -> a >= Target.FIRST_ARCH_SPECIFIC_SM)
        .map(a -> "sm_" + a + "a").collect(Collectors.joining(", "));
    return plain + (specific.isEmpty() ? "" : " (arch-specific: " + specific + ")");
  }
}
