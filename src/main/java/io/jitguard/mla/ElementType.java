package io.jitguard.mla;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The element types of the MLA kernels, with their bit-exact encodings (round to nearest). */
public enum ElementType {
  BF16("bf16", 2), FP16("fp16", 2), FP32("fp32", 4);

  private final String label;
  private final int bytes;

  ElementType(String label, int bytes) {
    this.label = label;
    this.bytes = bytes;
  }

  public String label() {
    return label;
  }

  public int bytes() {
    return bytes;
  }

  public static ElementType parse(String s) {
    for (ElementType t : values()) {
      if (t.label.equals(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown element type '" + s + "': bf16, fp16 or fp32");
  }

  /** The value this type actually stores for {@code x}. */
  public float round(float x) {
    return switch (this) {
      case BF16 -> Float.intBitsToFloat(bf16Bits(x) << 16);
      case FP16 -> halfToFloat(floatToHalf(x));
      case FP32 -> x;
    };
  }

  /** Little-endian device bytes of {@code values}. */
  public byte[] encode(float[] values) {
    return encode(values, 0, values.length);
  }

  /** Little-endian device bytes of {@code values[from, to)}: large arrays go in slices (a byte[] holds 2 GB). */
  public byte[] encode(float[] values, int from, int to) {
    ByteBuffer b = ByteBuffer.allocate((to - from) * bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < to; i++) {
      float v = values[i];
      switch (this) {
        case BF16 -> b.putShort((short) bf16Bits(v));
        case FP16 -> b.putShort(floatToHalf(v));
        case FP32 -> b.putFloat(v);
      }
    }
    return b.array();
  }

  public float[] decode(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[data.length / bytes];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (this) {
        case BF16 -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
        case FP16 -> halfToFloat(b.getShort());
        case FP32 -> b.getFloat();
      };
    }
    return out;
  }

  static int bf16Bits(float x) {
    int bits = Float.floatToRawIntBits(x);
    return (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
  }

  /** IEEE binary16, round to nearest even. */
  static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xff) - 127 + 15;
    int mant = bits & 0x7fffff;
    if (((bits >>> 23) & 0xff) == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    if (exp >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (exp <= 0) {
      if (exp < -10) {
        return (short) sign;
      }
      mant |= 0x800000;
      int shift = 14 - exp;
      int half = mant >>> shift;
      int rem = mant & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (exp << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
      half++;
    }
    return (short) (sign | half);
  }

  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      return (sign != 0 ? -1 : 1) * mant * (float) Math.pow(2, -24);
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
