package io.jitguard.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.testing.TestResources;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shares of a plan: every unit in exactly one, the same every time, balanced by count. */
class ShardTest {
  private static final Manifest BUNDLED = ManifestReader.read(TestResources.bundledManifest());
  private static final List<CompileUnit> UNITS = BuildPlan.of(BUNDLED, BUNDLED.families(), BUNDLED.defaultTargets())
      .units();

  @Test
  void shares_partitionThePlan_andDifferByAtMostOneUnit() {
    for (int n : new int[] {1, 2, 3, 7, 102, 150}) {
      Set<UnitKey> seen = new HashSet<>();
      int min = Integer.MAX_VALUE;
      int max = 0;
      for (int k = 1; k <= n; k++) {
        List<CompileUnit> share = new Shard(k, n).of(UNITS);
        share.forEach(u -> assertTrue(seen.add(u.key()), u.name() + " in two shares of " + n));
        min = Math.min(min, share.size());
        max = Math.max(max, share.size());
        assertEquals(share, new Shard(k, n).of(UNITS), "deterministic");
      }
      assertEquals(UNITS.size(), seen.size());
      assertTrue(max - min <= 1, n + " shares: " + min + ".." + max);
    }
  }

  @Test
  void withRecordedTimes_sharesPartitionThePlan_andBalanceTheTime() {
    java.util.Map<String, Long> millis = new java.util.HashMap<>();
    for (CompileUnit u : UNITS) { // the decode ten times the merge, as measured
      millis.put(u.name(), u.family().name().equals("mla_decode") ? 1000L + u.name().length() : 100L);
    }
    for (int n : new int[] {2, 4, 7}) {
      Set<UnitKey> seen = new HashSet<>();
      long min = Long.MAX_VALUE;
      long max = 0;
      for (int k = 1; k <= n; k++) {
        List<CompileUnit> share = new Shard(k, n).of(UNITS, millis);
        share.forEach(u -> assertTrue(seen.add(u.key()), u.name() + " in two shares of " + n));
        long t = share.stream().mapToLong(u -> millis.get(u.name())).sum();
        min = Math.min(min, t);
        max = Math.max(max, t);
        assertEquals(share, new Shard(k, n).of(UNITS, millis), "deterministic");
      }
      assertEquals(UNITS.size(), seen.size());
      assertTrue(max - min <= 1100, n + " shares: " + min + ".." + max + " ms"); // within one decode unit
    }
    // a unit without a recorded time: by count
    millis.remove(UNITS.get(0).name());
    assertEquals(new Shard(1, 3).of(UNITS), new Shard(1, 3).of(UNITS, millis));
  }

  @Test
  void badShares_areRefusedWithTheirName() {
    assertEquals(new Shard(2, 4), Shard.parse(" 2/4 ", "--shard"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/2", "--shard"));
    assertTrue(e.getMessage().contains("--shard: a shard is K/N with 1 <= K <= N, not 3/2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Shard.parse("half", "--shard"));
    assertTrue(e.getMessage().contains("--shard: 'half' is not a shard"), e.getMessage());
  }
}
