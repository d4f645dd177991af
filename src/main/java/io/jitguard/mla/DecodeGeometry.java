package io.jitguard.mla;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How a decode variant says it is launched: the {@code DecodeGeometry} each variant's module
 * exports as {@value #SYMBOL} (decode_entry.cuh), seven 32-bit values in this order.
 *
 * @param threads decode_kernel's block
 * @param headsPerCta heads per block: grid.x is ceil(heads / headsPerCta)
 * @param sharedBytes decode_kernel's dynamic shared memory
 * @param tile kv positions per tile
 * @param tensorMaps whether the variant reads kv through tensor maps ({@code MLAParams::kv_box_rows})
 * @param planThreads plan_kernel's one block
 * @param ctasPerSm the decode CTAs the plan counts on per SM (with the SMs and heads, how many requests it may split)
 */
public record DecodeGeometry(int threads, int headsPerCta, int sharedBytes, int tile, boolean tensorMaps,
    int planThreads, int ctasPerSm) {
  public static final String SYMBOL = "jitguard_mla_decode_geometry";
  static final int BYTES = 7 * Integer.BYTES;

  /**
   * @throws IllegalStateException naming the variant, when the bytes are not a geometry a launch can use
   */
  public static DecodeGeometry read(byte[] data, String variant) {
    if (data.length != BYTES) {
      throw new IllegalStateException(variant + " exports " + SYMBOL + " of " + data.length + " bytes, not " + BYTES);
    }
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int threads = b.getInt();
    int heads = b.getInt();
    int shared = b.getInt();
    int tile = b.getInt();
    int maps = b.getInt();
    int plan = b.getInt();
    int ctas = b.getInt();
    if (threads <= 0 || heads <= 0 || shared < 0 || tile <= 0 || (maps != 0 && maps != 1) || plan <= 0 || ctas <= 0) {
      throw new IllegalStateException(variant + " exports a malformed " + SYMBOL + ": {" + threads + ", " + heads
          + ", " + shared + ", " + tile + ", " + maps + ", " + plan + ", " + ctas + "}");
    }
    return new DecodeGeometry(threads, heads, shared, tile, maps == 1, plan, ctas);
  }

  /**
   * The most requests the plan can split (plan.cuh's SplitRequestsBound, capped by the batch): the
   * merge's grid; none once the batch alone fills {@code sms} x {@link #ctasPerSm} CTAs.
   */
  public int splitRequestsBound(int batch, int heads, int sms, int maxWork) {
    long targetCtas = (long) sms * ctasPerSm;
    long targetWork = (targetCtas + headBlocks(heads) - 1) / headBlocks(heads);
    targetWork = Math.min(Math.max(targetWork, batch), maxWork);
    return (int) Math.min(batch, Math.max(0, targetWork - batch));
  }

  /** Blocks along the heads: ceil(heads / headsPerCta). */
  public int headBlocks(int heads) {
    return (heads + headsPerCta - 1) / headsPerCta;
  }
}
