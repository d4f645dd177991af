package io.jitguard.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Reads the SM out of a CUDA ELF header (e_machine 190; ABI v8 keeps the SM in e_flags bits 8-15). */
public final class CubinHeader {
  private CubinHeader() {}

  public static int sm(byte[] elf) {
    assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(elf, 4), "not an ELF file");
    ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(190, b.getShort(18), "e_machine is not EM_CUDA");
    int flags = b.getInt(48);
    return elf[8] >= 8 ? (flags >> 8) & 0xff : flags & 0xff;
  }
}
