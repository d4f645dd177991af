package io.jitguard.mla;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The host's inputs of one decode: q, and a paged kv cache whose pages are scattered (a random
 * permutation, with pages no request uses), each value random and rounded to its element type so
 * the float64 reference sees what the GPU sees. The same shape and seed give the same inputs.
 */
final class MlaInputs {
  static final int CKV = MlaReference.HEAD_DIM_CKV;
  static final int KPE = MlaReference.HEAD_DIM_KPE;
  /** Pages of the cache that no request reads: a kernel that reads past a request's pages reads garbage. */
  static final int UNUSED_PAGES = 3;
  /** Values filled by one generator: filling in parallel keeps a billion-value cache at seconds. */
  private static final int RANDOM_BLOCK = 1 << 20;

  final MlaRunner.Shape shape;
  /** Each request's pages, in order. */
  final int[][] pages;
  /** Where each request's pages start in {@link #pageIds}; one more entry than requests. */
  final int[] indptr;
  final int[] pageIds;
  final int totalPages;
  final float[] qNope;
  final float[] qPe;
  final float[] ckv;
  final float[] kpe;
  /** Continues the seed's sequence: which (request, head) pairs a large problem's check samples. */
  final Random sampler;

  private MlaInputs(MlaRunner.Shape shape, int[][] pages, int[] indptr, int[] pageIds, int totalPages, float[] qNope,
      float[] qPe, float[] ckv, float[] kpe, Random sampler) {
    this.shape = shape;
    this.pages = pages;
    this.indptr = indptr;
    this.pageIds = pageIds;
    this.totalPages = totalPages;
    this.qNope = qNope;
    this.qPe = qPe;
    this.ckv = ckv;
    this.kpe = kpe;
    this.sampler = sampler;
  }

  static MlaInputs generate(MlaRunner.Shape s) {
    Random rnd = new Random(s.seed());
    int n = s.kvLen().length;
    int[][] pages = new int[n][];
    int totalPages = UNUSED_PAGES;
    for (int b = 0; b < n; b++) {
      pages[b] = new int[Math.max(1, (s.kvLen()[b] + s.pageSize() - 1) / s.pageSize())];
      totalPages += pages[b].length;
    }
    int[] perm = permutation(totalPages, rnd);
    int[] indptr = new int[n + 1];
    List<Integer> ids = new ArrayList<>();
    for (int b = 0, k = 0; b < n; b++) {
      indptr[b] = ids.size();
      for (int i = 0; i < pages[b].length; i++) {
        pages[b][i] = perm[k++];
        ids.add(pages[b][i]);
      }
    }
    indptr[n] = ids.size();
    int heads = s.heads();
    float[] qNope = random(n * heads * CKV, rnd.nextLong(), s.q());
    float[] qPe = random(n * heads * KPE, rnd.nextLong(), s.q());
    float[] ckv = random(totalPages * s.pageSize() * CKV, rnd.nextLong(), s.kv());
    float[] kpe = random(totalPages * s.pageSize() * KPE, rnd.nextLong(), s.kv());
    return new MlaInputs(s, pages, indptr, ids.stream().mapToInt(Integer::intValue).toArray(), totalPages, qNope, qPe,
        ckv, kpe, rnd);
  }

  int requests() {
    return shape.kvLen().length;
  }

  /** Rows of the kv cache: every page's positions. */
  long cacheRows() {
    return (long) totalPages * shape.pageSize();
  }

  /** Bytes of kv a decode reads: each request's positions, ckv and kpe. */
  long kvBytes() {
    long bytes = 0;
    for (int len : shape.kvLen()) {
      bytes += (long) len * (CKV + KPE) * shape.kv().bytes();
    }
    return bytes;
  }

  private static int[] permutation(int size, Random rnd) {
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * {@code count} standard normal values rounded to what {@code t} stores, the same for the same
   * seed: each block of {@link #RANDOM_BLOCK} from its own generator, seeded by the block's number.
   */
  static float[] random(int count, long seed, ElementType t) {
    float[] out = new float[count];
    IntStream.range(0, (count + RANDOM_BLOCK - 1) / RANDOM_BLOCK).parallel().forEach(k -> {
      SplittableRandom r = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * k);
      for (int i = k * RANDOM_BLOCK, end = Math.min(count, i + RANDOM_BLOCK); i < end; i++) {
        out[i] = t.round((float) r.nextGaussian());
      }
    });
    return out;
  }
}
