package io.jitguard.mla;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The host's side of {@code MLAParams} (params.cuh), the decode kernel's one parameter: sixteen
 * device pointers, the problem's scalars, and the tensor maps of ckv and kpe from a 64-byte
 * boundary. {@code MlaLaunchContractTest} pins these offsets against what NVRTC lays out.
 */
final class MlaParams {
  static final int BYTES = 448;
  /** The kernel's parameter type, as a typed launch names the bytes. */
  static final String TYPE_NAME = "MLAParams";
  static final int POINTERS = 16;
  static final int NUM_HEADS_OFFSET = POINTERS * Long.BYTES;
  static final int PAGE_SIZE_OFFSET = NUM_HEADS_OFFSET + 4;
  static final int SM_SCALE_OFFSET = PAGE_SIZE_OFFSET + 4;
  static final int BOX_ROWS_OFFSET = SM_SCALE_OFFSET + 4;
  static final int TENSOR_MAP_BYTES = 128;
  static final int CKV_MAP_OFFSET = 192;
  static final int KPE_MAP_OFFSET = CKV_MAP_OFFSET + TENSOR_MAP_BYTES;
  /** Columns of a tensor-copy box: 64 16-bit values, the 128 bytes of the swizzle. */
  static final int BOX_COLS = 64;

  private MlaParams() {}

  /** The device buffers, in MLAParams' member order. */
  record Pointers(long qNope, long qPe, long ckv, long kpe, long kvIndptr, long kvPageIndices, long kvLen,
      long workRequest, long workKvStart, long workKvEnd, long workPartial, long planInfo, long o, long lse,
      long partialO, long partialLse) {
    long[] inOrder() {
      return new long[] {qNope, qPe, ckv, kpe, kvIndptr, kvPageIndices, kvLen, workRequest, workKvStart, workKvEnd,
          workPartial, planInfo, o, lse, partialO, partialLse};
    }
  }

  /**
   * The 448 bytes of one launch's parameters.
   *
   * @param boxRows rows per tensor copy (0: the kernel copies kv with cp.async and the maps are not read)
   * @param ckvMap the encoded tensor map of ckv, or null when {@code boxRows} is 0; likewise {@code kpeMap}
   */
  static byte[] encode(Pointers p, int heads, int pageSize, float smScale, int boxRows, byte[] ckvMap, byte[] kpeMap) {
    ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (long ptr : p.inOrder()) {
      b.putLong(ptr);
    }
    b.putInt(NUM_HEADS_OFFSET, heads).putInt(PAGE_SIZE_OFFSET, pageSize).putFloat(SM_SCALE_OFFSET, smScale);
    b.putInt(BOX_ROWS_OFFSET, boxRows);
    if (boxRows > 0) {
      b.put(CKV_MAP_OFFSET, ckvMap, 0, TENSOR_MAP_BYTES).put(KPE_MAP_OFFSET, kpeMap, 0, TENSOR_MAP_BYTES);
    }
    return b.array();
  }

  /**
   * Rows per tensor copy of a kv tile when the kernel reads kv through tensor maps: a box must not
   * cross a page, so gcd(page size, tile); 0 (the kernel copies with cp.async) when that is under
   * 8 rows, since every box must start on the 1024-byte swizzle period.
   */
  static int tensorMapBoxRows(int pageSize, int tile) {
    int g = java.math.BigInteger.valueOf(pageSize).gcd(java.math.BigInteger.valueOf(tile)).intValue();
    return g >= 8 ? g : 0;
  }
}
