package io.jitguard.plan;

import io.jitguard.targets.Target;

/** What a user of a family needs working: one instantiation of it on one target, by any variant. */
public record Slot(String family, String instantiation, Target target) {
  @Override
  public String toString() {
    return family + "[" + instantiation + "]@" + target.name();
  }
}
