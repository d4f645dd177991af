package io.jitguard.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store: whole entries or none, corrupt ones detected and replaced, a size cap, a folder that fails. */
class KernelCacheTest {
  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  static String key(int i) {
    return String.format("%064x", i + 0xabc);
  }

  static CacheEntry entry(int size) {
    byte[] cubin = new byte[size];
    for (int i = 0; i < size; i++) {
      cubin[i] = (byte) (i * 31);
    }
    return CacheEntry.of(cubin, Optional.of("// ptx"), ImmutableMap.of("k<int>", "_Z1kIiEvv"), "a warning", 42);
  }

  private KernelCache open() {
    return KernelCache.open(dir, KernelCache.DEFAULT_MAX_BYTES, warnings::add);
  }

  @Test
  void anEntry_comesBackWhole() {
    KernelCache c = open();
    assertEquals(Optional.empty(), c.get(key(1)));
    c.put(key(1), entry(1000));
    CacheEntry e = open().get(key(1)).orElseThrow();
    assertArrayEquals(entry(1000).cubin(), e.cubin());
    assertEquals(Optional.of("// ptx"), e.ptx());
    assertEquals(ImmutableMap.of("k<int>", "_Z1kIiEvv"), e.loweredNames());
    assertEquals("a warning", e.log());
    assertEquals(42, e.compileMillis());
    assertEquals(entry(1000).cubinSha256(), e.cubinSha256());
    assertEquals(List.of(), warnings);
  }

  @Test
  void aTruncatedEntry_isDetectedDroppedAndReportedOnce() throws IOException {
    KernelCache c = open();
    c.put(key(1), entry(5000));
    c.put(key(2), entry(5000));
    for (int k : new int[] {1, 2}) {
      Path p = c.pathOf(key(k));
      byte[] data = Files.readAllBytes(p);
      Files.write(p, java.util.Arrays.copyOf(data, data.length / 2));
    }
    KernelCache reader = open();
    assertEquals(Optional.empty(), reader.get(key(1)));
    assertEquals(Optional.empty(), reader.get(key(2)));
    assertFalse(Files.exists(c.pathOf(key(1))), "a corrupt entry is removed");
    assertEquals(2, reader.counts().corrupt());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("was corrupt") && warnings.get(0).contains("recompiled and replaced"),
        warnings.get(0));
  }

  @Test
  void aFlippedBit_isDetected() throws IOException {
    KernelCache c = open();
    c.put(key(1), entry(5000));
    Path p = c.pathOf(key(1));
    for (int at : new int[] {30, 2000, 4999}) { // the header, the CUBIN, near the end
      c.put(key(1), entry(5000));
      byte[] data = Files.readAllBytes(p);
      data[at] ^= 0x10;
      Files.write(p, data);
      assertEquals(Optional.empty(), open().get(key(1)), "bit flipped at " + at);
    }
  }

  @Test
  void aFolderThatCannotBeCreated_makesTheCacheMemoryOnly_withOneWarning() throws IOException {
    Path file = dir.resolve("not-a-folder");
    Files.writeString(file, "x");
    KernelCache c = KernelCache.open(file, KernelCache.DEFAULT_MAX_BYTES, warnings::add);
    assertFalse(c.persistent());
    c.put(key(1), entry(10));
    c.put(key(2), entry(10));
    assertTrue(c.get(key(1)).isPresent(), "kept in memory for the run");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("caching in memory for this run only"), warnings.get(0));
  }

  @Test
  void prune_removesTheLeastRecentlyUsedFirst() throws IOException {
    KernelCache c = open();
    for (int i = 0; i < 4; i++) {
      c.put(key(i), entry(10_000));
      Files.setLastModifiedTime(c.pathOf(key(i)), FileTime.fromMillis(1_000_000L * (i + 1)));
    }
    c.get(key(0)); // a hit stamps its entry as used now
    long one = Files.size(c.pathOf(key(0)));
    assertEquals(2, c.prune(2 * one));
    assertTrue(Files.exists(c.pathOf(key(0))), "used last");
    assertTrue(Files.exists(c.pathOf(key(3))));
    assertFalse(Files.exists(c.pathOf(key(1))));
    assertFalse(Files.exists(c.pathOf(key(2))));
    assertEquals(new KernelCache.Usage(2, 2 * one), c.usage());
    assertEquals(2, c.clear());
    assertEquals(new KernelCache.Usage(0, 0), c.usage());
  }

  @Test
  void aTemporaryFile_isNeverServed_andAStaleOneIsPruned() throws IOException {
    KernelCache c = open();
    c.put(key(1), entry(100));
    Path p = c.pathOf(key(2));
    Path temp = p.resolveSibling(p.getFileName() + ".tmp-123-abc");
    Files.createDirectories(temp.getParent());
    Files.write(temp, entry(100).encode()); // a whole entry, but under a writer's temporary name
    assertEquals(Optional.empty(), c.get(key(2)));
    assertEquals(new KernelCache.Usage(1, Files.size(c.pathOf(key(1)))), c.usage());
    c.prune(Long.MAX_VALUE);
    assertTrue(Files.exists(temp), "a fresh temporary file may belong to a writer at work");
    Files.setLastModifiedTime(temp, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L));
    c.prune(Long.MAX_VALUE);
    assertFalse(Files.exists(temp));
  }

  @Test
  void disabled_keepsNothing() {
    KernelCache c = KernelCache.disabled();
    c.put(key(1), entry(10));
    assertEquals(Optional.empty(), c.get(key(1)));
    assertTrue(KernelCache.disabledBy(java.util.Map.of("JITGUARD_NO_CACHE", "1")));
    assertFalse(KernelCache.disabledBy(java.util.Map.of("JITGUARD_NO_CACHE", "0")));
    assertFalse(KernelCache.disabledBy(java.util.Map.of()));
  }

  @Test
  void sizes_parse() {
    assertEquals(500L << 20, KernelCache.parseSize("500M", "x"));
    assertEquals(5L << 30, KernelCache.parseSize("5g", "x"));
    assertEquals(123, KernelCache.parseSize("123", "x"));
    assertEquals(64L << 10, KernelCache.parseSize("64KB", "x"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> KernelCache.parseSize("lots", "JITGUARD_CACHE_MAX_SIZE"));
    assertTrue(e.getMessage().contains("JITGUARD_CACHE_MAX_SIZE: 'lots' is not a size"), e.getMessage());
  }
}
