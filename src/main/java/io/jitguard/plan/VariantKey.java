package io.jitguard.plan;

import java.util.Comparator;

/** A variant of a family, {@code mla_decode/hopper}: how checks, compiles and fallbacks name it. */
public record VariantKey(String family, String variant) implements Comparable<VariantKey> {
  private static final Comparator<VariantKey> ORDER =
      Comparator.comparing(VariantKey::family).thenComparing(VariantKey::variant);

  @Override
  public int compareTo(VariantKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return family + "/" + variant;
  }
}
