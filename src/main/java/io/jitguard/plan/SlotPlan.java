package io.jitguard.plan;

import com.google.common.collect.ImmutableList;

/**
 * A slot and the units that can fill it, in fallback order: each variant of the family that
 * supports the target, most preferred first. The first that compiles (and, at run time, loads) wins.
 */
public record SlotPlan(Slot slot, ImmutableList<CompileUnit> candidates) {
  public SlotPlan {
    candidates = ImmutableList.copyOf(candidates);
  }
}
