package io.jitguard.matrix;

import com.google.common.collect.ImmutableList;
import io.jitguard.plan.Slot;
import java.util.Optional;

/**
 * The variant chosen for a slot: the most preferred one that supports the target and compiled,
 * and each more preferred variant that was passed over, with the reason.
 */
public record SlotOutcome(Slot slot, Optional<String> selected, ImmutableList<Fallback> fallbacks) {

  /** A preferred variant that failed on this slot, and why (its first error). */
  public record Fallback(String variant, String reason) {}

  public boolean covered() {
    return selected.isPresent();
  }
}
