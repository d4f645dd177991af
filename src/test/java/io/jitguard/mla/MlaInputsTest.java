package io.jitguard.mla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The host inputs of a decode: a scattered paged cache, reproducible from the seed. */
class MlaInputsTest {
  private static MlaRunner.Shape shape(long seed, int... kvLen) {
    return new MlaRunner.Shape(16, 16, kvLen, ElementType.BF16, ElementType.BF16, ElementType.BF16, 0.1, seed);
  }

  @Test
  void pages_coverEachRequest_areDistinct_andLeaveSomeUnused() {
    MlaInputs in = MlaInputs.generate(shape(7, 1, 16, 17, 0));
    assertEquals(4, in.requests());
    // 1, 1, 2 pages, and one for the empty request (a page is always allotted), plus the unused ones
    assertArrayEquals(new int[] {1, 1, 2, 1}, new int[] {in.pages[0].length, in.pages[1].length, in.pages[2].length,
        in.pages[3].length});
    assertEquals(5 + MlaInputs.UNUSED_PAGES, in.totalPages);
    assertArrayEquals(new int[] {0, 1, 2, 4, 5}, in.indptr);
    Set<Integer> seen = new HashSet<>();
    for (int id : in.pageIds) {
      assertTrue(id >= 0 && id < in.totalPages && seen.add(id), "page " + id);
    }
    assertEquals(in.cacheRows() * MlaInputs.CKV, in.ckv.length);
    assertEquals((1 + 16 + 17) * (MlaInputs.CKV + MlaInputs.KPE) * 2L, in.kvBytes());
  }

  @Test
  void sameSeed_sameInputs_otherSeed_otherInputs() {
    MlaInputs a = MlaInputs.generate(shape(7, 40, 3));
    MlaInputs b = MlaInputs.generate(shape(7, 40, 3));
    MlaInputs c = MlaInputs.generate(shape(8, 40, 3));
    assertArrayEquals(a.pageIds, b.pageIds);
    assertArrayEquals(a.ckv, b.ckv);
    assertArrayEquals(a.qNope, b.qNope);
    assertNotEquals(a.ckv[0], c.ckv[0]);
  }

  @Test
  void values_areRoundedToTheElementType() {
    MlaInputs in = MlaInputs.generate(shape(3, 64));
    for (float v : in.kpe) {
      assertEquals(ElementType.BF16.round(v), v);
    }
  }
}
