package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel parameters a CUBIN declares, as the driver will read them at a launch: for each
 * kernel (by lowered name), each parameter's offset and size in the parameter buffer, from the
 * {@code EIATTR_KPARAM_INFO} records of its {@code .nv.info.<kernel>} section. What the compiler
 * laid out, against which the front end's signatures are checked.
 */
public final class CubinParameters {
  /** One parameter: its position, its offset in the parameter buffer and its size, in bytes. */
  public record Param(int ordinal, int offset, int size) {}

  private static final int ELF_MAGIC = 0x464c457f;
  private static final int FORMAT_SIZED_VALUE = 4; // EIFMT_SVAL: a 16-bit length, then the value
  private static final int ATTR_KPARAM_INFO = 0x17;
  private static final String INFO_PREFIX = ".nv.info.";

  private CubinParameters() {}

  /**
   * Every kernel's parameters in ordinal order, by lowered name; empty when {@code cubin} is not an
   * ELF file this reader understands (nothing is assumed then).
   */
  public static Optional<ImmutableMap<String, ImmutableList<Param>>> read(byte[] cubin) {
    try {
      return Optional.of(parse(ByteBuffer.wrap(cubin).order(ByteOrder.LITTLE_ENDIAN)));
    } catch (RuntimeException e) { // truncated or not a 64-bit ELF: no parameters known
      return Optional.empty();
    }
  }

  private static ImmutableMap<String, ImmutableList<Param>> parse(ByteBuffer b) {
    if (b.getInt(0) != ELF_MAGIC || b.get(4) != 2) {
      throw new IllegalArgumentException("not a 64-bit ELF file");
    }
    long shoff = b.getLong(0x28);
    int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
    int shnum = Short.toUnsignedInt(b.getShort(0x3c));
    int shstrndx = Short.toUnsignedInt(b.getShort(0x3e));
    int names = Math.toIntExact(b.getLong(Math.toIntExact(shoff + (long) shstrndx * shentsize) + 0x18));
    Map<String, ImmutableList<Param>> out = new LinkedHashMap<>();
    for (int i = 0; i < shnum; i++) {
      int header = Math.toIntExact(shoff + (long) i * shentsize);
      String name = cString(b, names + b.getInt(header));
      if (!name.startsWith(INFO_PREFIX)) {
        continue;
      }
      int offset = Math.toIntExact(b.getLong(header + 0x18));
      int size = Math.toIntExact(b.getLong(header + 0x20));
      out.put(name.substring(INFO_PREFIX.length()), kernelParams(b, offset, offset + size));
    }
    return ImmutableMap.copyOf(out);
  }

  private static ImmutableList<Param> kernelParams(ByteBuffer b, int from, int to) {
    List<Param> params = new ArrayList<>();
    int p = from;
    while (p + 4 <= to) {
      int format = Byte.toUnsignedInt(b.get(p));
      int attribute = Byte.toUnsignedInt(b.get(p + 1));
      if (format != FORMAT_SIZED_VALUE) {
        p += 4; // the other formats hold their value in these four bytes
        continue;
      }
      int length = Short.toUnsignedInt(b.getShort(p + 2));
      if (attribute == ATTR_KPARAM_INFO && length >= 12) {
        int ordinal = Short.toUnsignedInt(b.getShort(p + 8));
        int offset = Short.toUnsignedInt(b.getShort(p + 10));
        int size = b.getInt(p + 12) >>> 18;
        params.add(new Param(ordinal, offset, size));
      }
      p += 4 + length;
    }
    params.sort(Comparator.comparingInt(Param::ordinal));
    return ImmutableList.copyOf(params);
  }

  private static String cString(ByteBuffer b, int at) {
    int end = at;
    while (b.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - at];
    b.get(at, bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
