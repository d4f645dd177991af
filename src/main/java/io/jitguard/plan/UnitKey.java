package io.jitguard.plan;

import io.jitguard.targets.Target;

/**
 * One compile unit: a variant of a family for one instantiation (its label, {@code q=bf16,kv=bf16};
 * empty for a family with a single instantiation) and one target.
 */
public record UnitKey(VariantKey variant, String instantiation, Target target) {
  public Slot slot() {
    return new Slot(variant.family(), instantiation, target);
  }

  /** {@code mla_decode/hopper[q=bf16,kv=bf16,o=bf16]@sm_90a}. */
  @Override
  public String toString() {
    return variant + "[" + instantiation + "]@" + target.name();
  }
}
