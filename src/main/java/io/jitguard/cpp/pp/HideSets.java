package io.jitguard.cpp.pp;

import com.google.common.collect.ImmutableSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The hide sets of one preprocessing run, interned: equal sets are one object, so the union of
 * two (done for every argument token of every nested expansion) is a lookup after its first time.
 * A unit has few distinct hide sets (the macro names along each nesting path) and many tokens.
 */
final class HideSets {
  private final Map<Set<String>, Set<String>> interned = new HashMap<>();
  private final Map<Set<String>, Map<Set<String>, Set<String>>> unions = new IdentityHashMap<>();
  private final Map<Set<String>, Map<String, Set<String>>> additions = new IdentityHashMap<>();

  /** The interned set equal to {@code s}. */
  Set<String> intern(Set<String> s) {
    Set<String> known = interned.get(s);
    if (known != null) {
      return known;
    }
    Set<String> copy = ImmutableSet.copyOf(s);
    interned.put(copy, copy);
    return copy;
  }

  /** {@code s} with {@code name} added. */
  Set<String> add(Set<String> s, String name) {
    Set<String> base = intern(s);
    return additions.computeIfAbsent(base, k -> new HashMap<>()).computeIfAbsent(name,
        n -> intern(ImmutableSet.<String>builder().addAll(base).add(n).build()));
  }

  /** The union of two sets. */
  Set<String> union(Set<String> a, Set<String> b) {
    if (a == b || a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    Set<String> ia = intern(a);
    Set<String> ib = intern(b);
    return unions.computeIfAbsent(ia, k -> new IdentityHashMap<>()).computeIfAbsent(ib, k -> {
      if (ib.containsAll(ia)) {
        return ib;
      }
      if (ia.containsAll(ib)) {
        return ia;
      }
      return intern(ImmutableSet.<String>builder().addAll(ia).addAll(ib).build());
    });
  }
}
