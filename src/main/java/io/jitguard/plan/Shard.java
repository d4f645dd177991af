package io.jitguard.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One share of a build plan's units, {@code index} of {@code count} (1-based, as written: {@code 2/3}),
 * for splitting a matrix across CI machines. Shares are deterministic: with recorded compile times
 * for every unit (the same for every shard, from the cache server), the longest unit first goes to
 * the least loaded share (ties to the lower share, then by name); without, the units sorted by name
 * are dealt out in turn. Every unit is in exactly one share.
 */
public record Shard(int index, int count) {
  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N, not " + index + "/" + count);
    }
  }

  /**
   * {@code K/N}.
   *
   * @throws IllegalArgumentException naming {@code what}, for anything else
   */
  public static Shard parse(String text, String what) {
    String[] parts = text.strip().split("/", -1);
    try {
      if (parts.length == 2) {
        return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
      }
    } catch (NumberFormatException e) {
      // reported below
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
    throw new IllegalArgumentException(what + ": '" + text + "' is not a shard (K/N, such as 1/4)");
  }

  /**
   * This share, balanced by {@code millis} (unit name to its recorded compile time) when it has
   * every unit; by count otherwise.
   */
  public List<CompileUnit> of(List<CompileUnit> units, java.util.Map<String, Long> millis) {
    if (!millis.keySet().containsAll(units.stream().map(CompileUnit::name).toList())) {
      return of(units);
    }
    List<CompileUnit> sorted = new ArrayList<>(units);
    sorted.sort(Comparator.comparingLong((CompileUnit u) -> -millis.get(u.name())).thenComparing(CompileUnit::name));
    long[] load = new long[count];
    java.util.Set<UnitKey> mine = new java.util.HashSet<>();
    for (CompileUnit u : sorted) {
      int least = 0;
      for (int s = 1; s < count; s++) {
        if (load[s] < load[least]) {
          least = s;
        }
      }
      load[least] += Math.max(1, millis.get(u.name()));
      if (least == index - 1) {
        mine.add(u.key());
      }
    }
    return units.stream().filter(u -> mine.contains(u.key())).toList();
  }

  /** This share of the units, in the plan's order, balanced by count. */
  public List<CompileUnit> of(List<CompileUnit> units) {
    List<CompileUnit> sorted = new ArrayList<>(units);
    sorted.sort(Comparator.comparing(CompileUnit::name));
    java.util.Set<UnitKey> mine = new java.util.HashSet<>();
    for (int i = index - 1; i < sorted.size(); i += count) {
      mine.add(sorted.get(i).key());
    }
    return units.stream().filter(u -> mine.contains(u.key())).toList();
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
