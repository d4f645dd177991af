package io.jitguard.mla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MlaReferenceTest {
  private static final double EPS = 1e-12;

  private static double[] random(Random r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian();
    }
    return x;
  }

  @Test
  void singlePosition_outputIsThatRowAndLseIsItsScore() {
    Random r = new Random(1);
    int ckv = 8;
    int kpe = 2;
    double[] qn = random(r, ckv);
    double[] qp = random(r, kpe);
    double[] c = random(r, 4 * ckv); // one page of 4 rows
    double[] k = random(r, 4 * kpe);
    var p = new MlaReference.Problem(1, 1, ckv, kpe, 4, qn, qp, c, k, new int[][] {{0}}, new int[] {1}, 0.5);
    var res = MlaReference.decode(p);
    double score = 0;
    for (int d = 0; d < ckv; d++) {
      score += qn[d] * c[d];
    }
    for (int d = 0; d < kpe; d++) {
      score += qp[d] * k[d];
    }
    assertEquals(score * 0.5, res.lse()[0], EPS);
    for (int d = 0; d < ckv; d++) {
      assertEquals(c[d], res.o()[d], EPS);
    }
  }

  @Test
  void zeroQuery_isTheMeanOfTheRowsAndLseIsLogN() {
    int ckv = 4;
    double[] c = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    var p = new MlaReference.Problem(1, 1, ckv, 1, 3, new double[ckv], new double[1], c, new double[3],
        new int[][] {{0}}, new int[] {3}, 1.0);
    var res = MlaReference.decode(p);
    assertArrayEquals(new double[] {5, 6, 7, 8}, res.o(), EPS);
    assertEquals(Math.log(3), res.lse()[0], EPS);
  }

  @Test
  void emptyRequest_isZeroWithMinusInfinityLse() {
    var p = new MlaReference.Problem(1, 2, 2, 1, 2, new double[4], new double[2], new double[4], new double[2],
        new int[][] {{}}, new int[] {0}, 1.0);
    var res = MlaReference.decode(p);
    assertArrayEquals(new double[4], res.o());
    assertEquals(Double.NEGATIVE_INFINITY, res.lse()[0]);
  }

  @Test
  void pagesInAnyOrder_giveTheSameResultAsContiguousRows() {
    Random r = new Random(7);
    int ckv = 16;
    int kpe = 4;
    int pageSize = 4;
    int len = 10; // not a multiple of the page size
    double[] qn = random(r, 2 * ckv);
    double[] qp = random(r, 2 * kpe);
    double[] c = random(r, 3 * pageSize * ckv);
    double[] k = random(r, 3 * pageSize * kpe);
    var contiguous = MlaReference.decode(new MlaReference.Problem(1, 2, ckv, kpe, pageSize, qn, qp, c, k,
        new int[][] {{0, 1, 2}}, new int[] {len}, 0.3));
    // the same rows stored in pages 2, 0, 1
    double[] c2 = new double[c.length];
    double[] k2 = new double[k.length];
    int[] moved = {2, 0, 1};
    for (int page = 0; page < 3; page++) {
      System.arraycopy(c, page * pageSize * ckv, c2, moved[page] * pageSize * ckv, pageSize * ckv);
      System.arraycopy(k, page * pageSize * kpe, k2, moved[page] * pageSize * kpe, pageSize * kpe);
    }
    var paged = MlaReference.decode(new MlaReference.Problem(1, 2, ckv, kpe, pageSize, qn, qp, c2, k2,
        new int[][] {moved}, new int[] {len}, 0.3));
    assertArrayEquals(contiguous.o(), paged.o(), EPS);
    assertArrayEquals(contiguous.lse(), paged.lse(), EPS);
  }

  @Test
  void splitIntoChunksThenMerged_equalsTheWhole() {
    Random r = new Random(3);
    int ckv = 8;
    int kpe = 2;
    int len = 9;
    double[] qn = random(r, ckv);
    double[] qp = random(r, kpe);
    double[] c = random(r, len * ckv);
    double[] k = random(r, len * kpe);
    var whole = MlaReference.decode(new MlaReference.Problem(1, 1, ckv, kpe, 1, qn, qp, c, k,
        new int[][] {{0, 1, 2, 3, 4, 5, 6, 7, 8}}, new int[] {len}, 0.2));
    int[][] chunks = {{0, 1, 2, 3}, {4, 5, 6}, {7, 8}};
    double[][] partialO = new double[3][];
    double[] partialLse = new double[3];
    for (int i = 0; i < 3; i++) {
      var part = MlaReference.decode(new MlaReference.Problem(1, 1, ckv, kpe, 1, qn, qp, c, k,
          new int[][] {chunks[i]}, new int[] {chunks[i].length}, 0.2));
      partialO[i] = part.o();
      partialLse[i] = part.lse()[0];
    }
    double[] lse = new double[1];
    assertArrayEquals(whole.o(), MlaReference.merge(partialO, partialLse, lse), 1e-12);
    assertEquals(whole.lse()[0], lse[0], 1e-12);
  }
}
